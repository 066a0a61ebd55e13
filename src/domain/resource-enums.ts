/** Statuses and kinds of the merchant and payment resources. */

export enum CurrencyAccountStatus {
  ACTIVE = 'ACTIVE',
  FROZEN = 'FROZEN',
  CLOSED = 'CLOSED',
}

export enum PaymentMethod {
  CARD = 'CARD',
  BANK_TRANSFER = 'BANK_TRANSFER',
  WALLET = 'WALLET',
  CRYPTO = 'CRYPTO',
}

export enum StatementStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

export enum TransactionStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  REFUNDED = 'REFUNDED',
}

export enum CommitStatus {
  PENDING = 'PENDING',
  COMMITTED = 'COMMITTED',
  FAILED = 'FAILED',
}

export enum PaymentRequestStatus {
  PENDING = 'PENDING',
  PAID = 'PAID',
  CANCELLED = 'CANCELLED',
  EXPIRED = 'EXPIRED',
}

export enum CommandType {
  CAPTURE = 'CAPTURE',
  REFUND = 'REFUND',
  VOID = 'VOID',
  PAYOUT = 'PAYOUT',
}

export enum CommandStatus {
  QUEUED = 'QUEUED',
  EXECUTED = 'EXECUTED',
  FAILED = 'FAILED',
}
