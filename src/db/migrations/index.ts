import { Init1795382106421 } from './1795382106421-Init';
import { AddRequestLogs1795383295394 } from './1795383295394-AddRequestLogs';
import { AddAuditAndAllowedCidrs1795383339690 } from './1795383339690-AddAuditAndAllowedCidrs';
import { AddMerchantResources1795383468351 } from './1795383468351-AddMerchantResources';
import { AddWebhooks1795384678105 } from './1795384678105-AddWebhooks';
import { AddReportIndexes1795384952718 } from './1795384952718-AddReportIndexes';

/** MySQL/MariaDB migrations, in order. Rewritten by `npm run migration:generate`. */
export const MIGRATIONS: Array<new () => unknown> = [
  Init1795382106421,
  AddRequestLogs1795383295394,
  AddAuditAndAllowedCidrs1795383339690,
  AddMerchantResources1795383468351,
  AddWebhooks1795384678105,
  AddReportIndexes1795384952718,
];
