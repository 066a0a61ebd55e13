import { AuditEvent } from '../../entities/audit-event.entity';
import { Access } from '../../permissions/rules';
import { connectionType } from './connection.type';

/** A page of audit events, newest first: dashboard data, refused to API keys. */
export const AuditEventConnection = connectionType(AuditEvent, {
  name: 'AuditEvent',
  rule: { access: Access.ACCOUNT },
});
