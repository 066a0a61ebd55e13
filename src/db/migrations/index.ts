import { Init1795382106421 } from './1795382106421-Init';

/** MySQL/MariaDB migrations, in order. Rewritten by `npm run migration:generate`. */
export const MIGRATIONS: Array<new () => unknown> = [Init1795382106421];
