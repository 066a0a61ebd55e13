import { Init1795382106421 } from './1795382106421-Init';
import { AddAuditAndAllowedCidrs1795383339690 } from './1795383339690-AddAuditAndAllowedCidrs';

/** MySQL/MariaDB migrations, in order. Rewritten by `npm run migration:generate`. */
export const MIGRATIONS: Array<new () => unknown> = [Init1795382106421, AddAuditAndAllowedCidrs1795383339690];
