package dev.weightgate.quota.internal;

import dev.weightgate.quota.QuotaUsage;
import dev.weightgate.quota.Quotas;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The quota module's beans. Windows follow the application's {@link Clock} bean when there is one (tests move it);
 * heartbeats always use the system clock, since replicas compare them with each other.
 */
@Configuration(proxyBeanMethods = false)
class QuotaConfiguration {

    @Bean
    CounterStore quotaCounterStore(DataSource dataSource, QuotaProperties properties) {
        return new JdbcCounterStore(dataSource, properties.leaseShare());
    }

    @Bean
    Allowances quotaAllowances(CounterStore store, QuotaProperties properties, ObjectProvider<Clock> clock) {
        return new Allowances(store, properties, windowClock(clock), Clock.systemUTC(), System::nanoTime);
    }

    @Bean
    Quotas quotas(JdbcQuotaSettings settings, Allowances allowances, ObjectProvider<Clock> clock) {
        return new LeasedQuotas(settings, allowances, windowClock(clock));
    }

    @Bean
    QuotaUsage quotaUsage(CounterStore store, Allowances allowances, JdbcQuotaSettings settings,
                          ObjectProvider<Clock> clock) {
        return new CounterQuotaUsage(store, allowances, settings, windowClock(clock));
    }

    @Bean
    QuotaMaintenance quotaMaintenance(Allowances allowances, JdbcQuotaSettings settings, QuotaProperties properties,
                                      ObjectProvider<Clock> clock) {
        return new QuotaMaintenance(allowances, settings, properties, windowClock(clock));
    }

    private static Clock windowClock(ObjectProvider<Clock> clock) {
        return clock.getIfUnique(Clock::systemUTC);
    }
}
