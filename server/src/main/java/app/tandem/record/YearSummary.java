package app.tandem.record;

import app.tandem.platform.Caller;
import app.tandem.platform.SqlJson;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.LocalDate;
import java.time.Month;
import java.util.UUID;

/** The end-of-year summary parents read: one school year, 1 September to 31 August. */
record YearSummary(Pool pool, YearStore store, RecordRules rules) {
    Future<SqlJson> of(Caller caller, UUID pupilId, Integer startYear) {
        LocalDate today = rules.today();
        int year = startYear != null
                ? startYear
                : today.getMonthValue() >= Month.SEPTEMBER.getValue() ? today.getYear() : today.getYear() - 1;
        LocalDate from = LocalDate.of(year, Month.SEPTEMBER, 1);
        LocalDate to = LocalDate.of(year + 1, Month.AUGUST, 31);
        return rules.reader(caller, pupilId)
                .compose(p -> store.year(pool, pupilId, from, to, caller, today, rules.now()))
                .map(SqlJson::new);
    }
}
