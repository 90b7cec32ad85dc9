package dev.tollgate.router.balance;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the one {@link BalanceView} of this instance a bean, so {@link BalanceView} itself stays plain Java. */
public class BalanceViewProducer {

    @Produces
    @Singleton
    BalanceView balanceView() {
        return new BalanceView();
    }
}
