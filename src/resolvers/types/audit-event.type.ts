import { Field, ObjectType } from 'type-graphql';
import { AuditEvent } from '../../entities/audit-event.entity';
import { Access, RequireAccess } from '../../permissions/rules';

@ObjectType({ description: 'Relay-style page information.' })
@RequireAccess(Access.ACCOUNT)
export class AuditEventPageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' })
  endCursor!: string | null;
}

@ObjectType()
@RequireAccess(Access.ACCOUNT)
export class AuditEventEdge {
  @Field()
  cursor!: string;

  @Field(() => AuditEvent)
  node!: AuditEvent;
}

@ObjectType({ description: 'A page of audit events, newest first.' })
@RequireAccess(Access.ACCOUNT)
export class AuditEventConnection {
  @Field(() => [AuditEventEdge])
  edges!: AuditEventEdge[];

  @Field(() => AuditEventPageInfo)
  pageInfo!: AuditEventPageInfo;
}
