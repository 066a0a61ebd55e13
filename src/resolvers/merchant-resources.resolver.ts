import { Resolver } from 'type-graphql';
import { CurrencyAccount } from '../entities/currency-account.entity';
import { Customer } from '../entities/customer.entity';
import { MerchantAccount } from '../entities/merchant-account.entity';
import { Permission } from '../permissions/permissions';
import { ResourceResolver } from './resource.resolver';
import {
  CreateCurrencyAccountInput,
  CreateCustomerInput,
  CreateMerchantAccountInput,
  UpdateCurrencyAccountInput,
  UpdateCustomerInput,
  UpdateMerchantAccountInput,
} from './types/merchant-resources.input';

@Resolver(() => Customer)
export class CustomerResolver extends ResourceResolver({
  type: Customer,
  typeName: 'Customer',
  singular: 'customer',
  plural: 'customers',
  createInput: CreateCustomerInput,
  updateInput: UpdateCustomerInput,
  view: Permission.CUSTOMER_VIEW,
  edit: Permission.CUSTOMER_EDIT,
  service: (services) => services.resources.customers,
}) {}

@Resolver(() => CurrencyAccount)
export class CurrencyAccountResolver extends ResourceResolver({
  type: CurrencyAccount,
  typeName: 'CurrencyAccount',
  singular: 'currencyAccount',
  plural: 'currencyAccounts',
  createInput: CreateCurrencyAccountInput,
  updateInput: UpdateCurrencyAccountInput,
  view: Permission.CURRENCY_ACCOUNT_VIEW,
  edit: Permission.CURRENCY_ACCOUNT_EDIT,
  service: (services) => services.resources.currencyAccounts,
}) {}

@Resolver(() => MerchantAccount)
export class MerchantAccountResolver extends ResourceResolver({
  type: MerchantAccount,
  typeName: 'MerchantAccount',
  singular: 'merchantAccount',
  plural: 'merchantAccounts',
  createInput: CreateMerchantAccountInput,
  updateInput: UpdateMerchantAccountInput,
  view: Permission.MERCHANT_ACCOUNT_VIEW,
  edit: Permission.MERCHANT_ACCOUNT_EDIT,
  service: (services) => services.resources.merchantAccounts,
}) {}
