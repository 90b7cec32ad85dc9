package dev.tollgate.contracts;

/** The account's stream starts; its balance is zero in {@code amount.currency()}. */
public record AccountOpened(long sequence, Money amount, Money balanceAfter) implements LedgerEvent {
}
