import { Resolver } from 'type-graphql';
import { CurrencyAccount } from '../entities/currency-account.entity';
import { Customer } from '../entities/customer.entity';
import { MerchantAccount } from '../entities/merchant-account.entity';
import { Entity } from '../permissions/permissions';
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
  entity: Entity.CUSTOMER,
  createInput: CreateCustomerInput,
  updateInput: UpdateCustomerInput,
  service: (services) => services.resources.customers,
}) {}

@Resolver(() => CurrencyAccount)
export class CurrencyAccountResolver extends ResourceResolver({
  type: CurrencyAccount,
  entity: Entity.CURRENCY_ACCOUNT,
  createInput: CreateCurrencyAccountInput,
  updateInput: UpdateCurrencyAccountInput,
  service: (services) => services.resources.currencyAccounts,
}) {}

@Resolver(() => MerchantAccount)
export class MerchantAccountResolver extends ResourceResolver({
  type: MerchantAccount,
  entity: Entity.MERCHANT_ACCOUNT,
  createInput: CreateMerchantAccountInput,
  updateInput: UpdateMerchantAccountInput,
  service: (services) => services.resources.merchantAccounts,
}) {}
