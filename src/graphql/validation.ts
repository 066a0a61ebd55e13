import { validate, ValidationError } from 'class-validator';
import { ValidatorFn } from 'type-graphql';
import { badInput, FieldError } from '../domain/errors';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * type-graphql `validateFn`: runs class-validator on every input object and refuses the whole field
 * with BAD_USER_INPUT (HTTP 400) listing each invalid input and why, before the resolver runs.
 */
export const validateInput: ValidatorFn = async (argValue) => {
  if (argValue === null || typeof argValue !== 'object') return;
  const items: object[] = Array.isArray(argValue) ? argValue : [argValue];
  const results = await Promise.all(
    items
      .filter((item) => item !== null && typeof item === 'object')
      .map((item) =>
        validate(item, {
          forbidUnknownValues: false,
          validationError: { target: false, value: false },
        }),
      ),
  );
  const fields = flatten(results.flat());
  if (fields.length > 0) throw badInput(fields);
};
