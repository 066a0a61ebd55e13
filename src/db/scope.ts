import { CurrencyKind, Mode } from '../domain/enums';

/**
 * Whose data a request may touch: one merchant, one mode, and for keys restricted to a currency
 * kind, only currency accounts and transactions of that kind. Built from the caller, never from
 * a client argument alone.
 */
export interface DataScope {
  merchantId: string;
  mode: Mode;
  currencyKind: CurrencyKind | null;
}
