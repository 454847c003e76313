package dev.weightgate.quota.internal;

/** The in-memory store keeps the store contract. */
class InMemoryCounterStoreTests extends QuotaStoreContract {

    @Override
    CounterStore createStore() {
        return new InMemoryCounterStore(SHARE);
    }
}
