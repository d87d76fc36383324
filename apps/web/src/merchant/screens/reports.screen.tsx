import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { browserTimeZone, dayCategory, hourCategory, ReadFromNote } from '../../shared/charts';
import { formatDay } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { ErrorBox, Spinner, useLoad, useScreen } from '../../shared/ui';
import { TakingsSection } from '../components/takings-section';
import { appName } from '../config';
import { merchantMessages } from '../messages';
import type { Ctx } from '../types';

/** How many days the daily chart shows, today included. */
const DAYS = 30;

/**
 * Reports: today's takings hour by hour, and the last 30 days day by day, in
 * the browser's time zone (the hours and days of the merchant's own wall clock).
 */
export function Reports(ctx: Ctx): JSX.Element {
  useScreen(t('charts:merchant.title'), appName());
  const [tz] = useState(browserTimeZone);
  const headers = bearer(ctx.key);
  const hourly = useLoad(
    () => ctx.guard(unwrap(api.GET('/v1/merchant/reports/hourly', { headers, params: { query: { tz } } }))),
    [tz],
  );
  const daily = useLoad(
    () => ctx.guard(unwrap(api.GET('/v1/merchant/reports/daily', { headers, params: { query: { tz, days: DAYS } } }))),
    [tz],
  );
  const h = hourly.data;
  const d = daily.data;
  return (
    <div>
      <h1>{t('charts:merchant.heading')}</h1>
      <p class="muted">
        {t('charts:merchant.timeZone')}{' '}
        <span translate={false} data-testid="reports-tz">
          {tz}
        </span>
      </p>
      <ErrorBox error={hourly.error ?? daily.error} messages={merchantMessages()} />
      {hourly.loading && <Spinner />}
      {h && (
        <>
          <TakingsSection
            id="today"
            heading={
              <>
                {t('charts:merchant.today.heading')}{' '}
                <span class="muted small" translate={false}>
                  {formatDay(h.date)}
                </span>
              </>
            }
            currency={h.currency}
            categories={h.hours.map((x) => hourCategory(x.hour))}
            categoryHeading={t('charts:merchant.hour')}
            rows={h.hours}
            amountCaption={t('charts:merchant.today.amountCaption')}
            countCaption={t('charts:merchant.today.countCaption')}
            xSteps={[1, 2, 3, 4, 6, 12]}
            xSpace={36}
          />
          <ReadFromNote readFrom={h.readFrom} />
        </>
      )}
      {daily.loading && <Spinner />}
      {d && (
        <>
          <TakingsSection
            id="days"
            heading={<>{t('charts:merchant.days.heading')}</>}
            currency={d.currency}
            categories={d.days.map((x) => dayCategory(x.date))}
            categoryHeading={t('charts:merchant.day')}
            rows={d.days}
            amountCaption={t('charts:merchant.days.amountCaption')}
            countCaption={t('charts:merchant.days.countCaption')}
            xSteps={[1, 2, 3, 5, 7, 10, 15, 30]}
            xSpace={52}
          />
          <ReadFromNote readFrom={d.readFrom} />
        </>
      )}
    </div>
  );
}
