import { GraphQLError, GraphQLSchema, parse, validate } from 'graphql';
import { badInput } from '../domain/errors';
import { analyzeOperation, OperationRequirements } from '../permissions/enforce';

/** Longest document `requiredPermissions` accepts. */
export const MAX_EXPLAIN_DOCUMENT_LENGTH = 20_000;

/**
 * Parses and validates a client's operation document against the served schema and returns what
 * it needs, from the same rule table the operation check enforces. Fails with BAD_USER_INPUT
 * (field `document` or `operationName`) for a document that does not parse, is not valid, or has
 * no such operation. Nothing is executed.
 */
export function explainDocument(
  schema: GraphQLSchema,
  source: string,
  operationName?: string | null,
): OperationRequirements {
  if (source.length > MAX_EXPLAIN_DOCUMENT_LENGTH) {
    throw badInput([
      { field: 'document', reason: `must be at most ${MAX_EXPLAIN_DOCUMENT_LENGTH} characters` },
    ]);
  }
  let document;
  try {
    document = parse(source, { maxTokens: 5000 });
  } catch (error) {
    throw badInput([{ field: 'document', reason: (error as GraphQLError).message }]);
  }
  const errors = validate(schema, document);
  if (errors.length > 0) {
    throw badInput(errors.slice(0, 5).map((e) => ({ field: 'document', reason: e.message })));
  }
  const requirements = analyzeOperation(schema, document, operationName);
  if (!requirements) {
    throw badInput([
      {
        field: 'operationName',
        reason: operationName
          ? `no operation named "${operationName}" in the document`
          : 'the document has several operations: name one',
      },
    ]);
  }
  return requirements;
}
