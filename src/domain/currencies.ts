import { CurrencyKind } from './enums';

/** ISO 4217 currencies this service accepts, with their minor-unit exponent. */
const FIAT: Readonly<Record<string, number>> = {
  AED: 2,
  ARS: 2,
  AUD: 2,
  BGN: 2,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  COP: 2,
  CZK: 2,
  DKK: 2,
  EGP: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  ISK: 0,
  JPY: 0,
  KES: 2,
  KRW: 0,
  KWD: 3,
  MAD: 2,
  MXN: 2,
  MYR: 2,
  NGN: 2,
  NOK: 2,
  NZD: 2,
  PEN: 2,
  PHP: 2,
  PKR: 2,
  PLN: 2,
  RON: 2,
  RSD: 2,
  SAR: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TRY: 2,
  TWD: 2,
  UAH: 2,
  USD: 2,
  VND: 0,
  ZAR: 2,
};

/** Crypto assets, with the smallest unit used for amounts (satoshi for BTC, ...). */
const CRYPTO: Readonly<Record<string, number>> = {
  BTC: 8,
  ETH: 18,
  USDT: 6,
  USDC: 6,
  DAI: 18,
  LTC: 8,
  SOL: 9,
  XRP: 6,
  TRX: 6,
  BNB: 18,
  DOGE: 8,
  ADA: 6,
  MATIC: 18,
};

export function currencyKindOf(code: string): CurrencyKind | null {
  if (code in FIAT) return CurrencyKind.FIAT;
  if (code in CRYPTO) return CurrencyKind.CRYPTO;
  return null;
}

export const CURRENCY_CODES: readonly string[] = [...Object.keys(FIAT), ...Object.keys(CRYPTO)];
