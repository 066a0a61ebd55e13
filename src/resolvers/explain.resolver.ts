import { GraphQLResolveInfo } from 'graphql';
import { Arg, Info, Query, Resolver } from 'type-graphql';
import { explainDocument } from '../graphql/explain';
import { Permission, toList } from '../permissions/permissions';
import { Access, RequireAccess } from '../permissions/rules';

@Resolver()
export class ExplainResolver {
  @Query(() => [Permission], {
    description:
      'The permissions an API key needs to run an operation, computed from the same rules that ' +
      'enforce them. Nothing is executed. Check your integration in CI before going live.',
  })
  // Pure schema information: open to everyone.
  @RequireAccess(Access.PUBLIC)
  requiredPermissions(
    @Arg('document') document: string,
    @Arg('operationName', () => String, { nullable: true }) operationName: string | null,
    @Info() info: GraphQLResolveInfo,
  ): Permission[] {
    return toList(explainDocument(info.schema, document, operationName).required);
  }
}
