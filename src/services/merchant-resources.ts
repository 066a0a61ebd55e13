import { CurrencyAccountStatus } from '../domain/resource-enums';
import { badInput } from '../domain/errors';
import { ResourceTable } from '../db/scoped-repository';
import { CurrencyAccount } from '../entities/currency-account.entity';
import { Customer } from '../entities/customer.entity';
import { MerchantAccount } from '../entities/merchant-account.entity';
import type {
  CreateCurrencyAccountInput,
  CreateCustomerInput,
  CreateMerchantAccountInput,
  UpdateCurrencyAccountInput,
  UpdateCustomerInput,
  UpdateMerchantAccountInput,
} from '../resolvers/types/merchant-resources.input';
import { checkCurrency, defined, ResourceRules } from './resource.service';

/** Business rules of the Merchant scope: customers, currency accounts, merchant accounts. */

export const CUSTOMERS: ResourceTable<Customer> = { entity: Customer, idPrefix: 'cus' };
export const CURRENCY_ACCOUNTS: ResourceTable<CurrencyAccount> = {
  entity: CurrencyAccount,
  idPrefix: 'cac',
  kindRestricted: true,
};
export const MERCHANT_ACCOUNTS: ResourceTable<MerchantAccount> = {
  entity: MerchantAccount,
  idPrefix: 'mac',
};

/** A value for a NOT NULL column: undefined (no change) when absent or null. */
export function given<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}

export function trimmedOrNull(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  return value === null || value.trim() === '' ? null : value.trim();
}

function required(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw badInput([{ field, reason: 'must not be blank' }]);
  return trimmed;
}

export const customerRules: ResourceRules<Customer, CreateCustomerInput, UpdateCustomerInput> = {
  table: CUSTOMERS,
  label: 'Customer',
  create: (input) => ({
    name: required(input.name, 'name'),
    email: trimmedOrNull(input.email)?.toLowerCase() ?? null,
    phone: trimmedOrNull(input.phone) ?? null,
    country: input.country ?? null,
    externalRef: trimmedOrNull(input.externalRef) ?? null,
  }),
  update: (_existing, input) =>
    defined({
      name:
        input.name === undefined || input.name === null ? undefined : required(input.name, 'name'),
      email: trimmedOrNull(input.email)?.toLowerCase() ?? trimmedOrNull(input.email),
      phone: trimmedOrNull(input.phone),
      country: input.country,
      externalRef: trimmedOrNull(input.externalRef),
    }),
};

export const currencyAccountRules: ResourceRules<
  CurrencyAccount,
  CreateCurrencyAccountInput,
  UpdateCurrencyAccountInput
> = {
  table: CURRENCY_ACCOUNTS,
  label: 'Currency account',
  create: (input, { scope }) => ({
    name: required(input.name, 'name'),
    currency: input.currency,
    currencyKind: checkCurrency(input.currency, scope),
    balance: input.balance ?? 0,
    status: CurrencyAccountStatus.ACTIVE,
  }),
  update: (existing, input) => {
    if (
      existing.status === CurrencyAccountStatus.CLOSED &&
      input.status &&
      input.status !== existing.status
    ) {
      throw badInput([{ field: 'status', reason: 'a closed account cannot be reopened' }]);
    }
    return defined({
      name: input.name ? required(input.name, 'name') : undefined,
      status: given(input.status),
    });
  },
};

export const merchantAccountRules: ResourceRules<
  MerchantAccount,
  CreateMerchantAccountInput,
  UpdateMerchantAccountInput
> = {
  table: MERCHANT_ACCOUNTS,
  label: 'Merchant account',
  create: (input, { scope }) => {
    checkCurrency(input.defaultCurrency, { ...scope, currencyKind: null }, 'defaultCurrency');
    return {
      legalName: required(input.legalName, 'legalName'),
      country: input.country,
      defaultCurrency: input.defaultCurrency,
      supportEmail: trimmedOrNull(input.supportEmail) ?? null,
      statementDescriptor: trimmedOrNull(input.statementDescriptor) ?? null,
    };
  },
  update: (_existing, input, { scope }) => {
    if (input.defaultCurrency) {
      checkCurrency(input.defaultCurrency, { ...scope, currencyKind: null }, 'defaultCurrency');
    }
    return defined({
      legalName: input.legalName ? required(input.legalName, 'legalName') : undefined,
      country: given(input.country),
      defaultCurrency: given(input.defaultCurrency),
      supportEmail: trimmedOrNull(input.supportEmail),
      statementDescriptor: trimmedOrNull(input.statementDescriptor),
    });
  },
};
