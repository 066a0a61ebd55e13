import { Account } from './account.entity';
import { ApiKey } from './api-key.entity';
import { AuditEvent } from './audit-event.entity';
import { Merchant } from './merchant.entity';
import { Session } from './session.entity';

export const ENTITIES = [Account, Session, Merchant, ApiKey, AuditEvent];
