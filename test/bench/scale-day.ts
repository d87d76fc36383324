/*
 * Scale check of the finance reports: `npm run bench:scale`.
 *
 * Starts the service on a fresh database (embedded PostgreSQL in a temporary
 * folder, or a fresh database on the server of DATABASE_URL), creates the
 * busiest merchant and an operator through the API, then seeds ONE UTC day
 * straight into the real tables with set-based SQL (the ledger's triggers and
 * constraints stay on): SCALE_MERCHANTS merchants (10,000), SCALE_PAYMENTS
 * payments (1,000,000) and SCALE_REFUNDS refunds (50,000), each with its
 * ledger entry and postings, account counters brought up to date. Then it
 * times, over HTTP: the day's settlements (JSON and CSV), the busiest
 * merchant's statement, and the reconciliation report.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { startServiceProcess } from '../support/service-process';

const MERCHANTS = Number(process.env.SCALE_MERCHANTS ?? 10_000);
const PAYMENTS = Number(process.env.SCALE_PAYMENTS ?? 1_000_000);
const REFUNDS = Number(process.env.SCALE_REFUNDS ?? 50_000);
const CONSUMERS = Number(process.env.SCALE_CONSUMERS ?? 50_000);
const BATCH = 100_000;
const DAY = process.env.SCALE_DAY ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const ADMIN = `scale-admin-${crypto.randomBytes(12).toString('hex')}`;

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  console.log(`${label.padEnd(52)} ${((performance.now() - t0) / 1000).toFixed(2).padStart(7)} s`);
  return r;
}

async function main(): Promise<void> {
  const svc = await startServiceProcess({ name: 'scale', adminKey: ADMIN, env: { WEBHOOK_WORKER: 'false' } });
  const { base, dataDir } = svc;
  const call = async (p: string, key: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}${p}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${init.method ?? 'GET'} ${p} → ${res.status} ${text.slice(0, 300)}`);
    return text;
  };
  try {
    const busiest = JSON.parse(
      await call('/v1/merchants', ADMIN, {
        method: 'POST',
        body: JSON.stringify({
          name: 'Busiest Noodle Bar',
          city: 'Shanghai',
          countryCode: 'CN',
          mcc: '5812',
          currency: 'CNY',
          feeRate: '0.006',
        }),
      }),
    );
    // the service's own connection string: read it back from the embedded cluster's files, or DATABASE_URL
    const url =
      svc.databaseUrl ??
      `postgresql://postgres:${encodeURIComponent(fs.readFileSync(path.join(dataDir, 'postgres/pg-password'), 'utf8').trim())}@127.0.0.1:${await embeddedPort(dataDir)}/postgres`;
    const db = new Client({ connectionString: url });
    await db.connect();
    await db.query(`SET synchronous_commit = off`); // seeding only: the service itself never does this
    await timed(`seed ${MERCHANTS} merchants, ${CONSUMERS} consumers, top-ups`, () =>
      seedParties(db, busiest.merchant.id),
    );
    for (let done = 0; done < PAYMENTS; done += BATCH) {
      await timed(`seed payments ${done + 1}..${Math.min(done + BATCH, PAYMENTS)}`, () =>
        seedPayments(db, done, Math.min(BATCH, PAYMENTS - done), busiest.merchant.id),
      );
    }
    await timed(`seed ${REFUNDS} refunds`, () => seedRefunds(db));
    await timed('bring account counters up to date', () =>
      db.query(`UPDATE ledger_accounts a SET debits_posted = s.d, credits_posted = s.c, version = a.version + 1
                  FROM (SELECT account_id, coalesce(sum(amount) FILTER (WHERE side = 'D'), 0) d, coalesce(sum(amount) FILTER (WHERE side = 'C'), 0) c
                          FROM ledger_postings GROUP BY account_id) s
                 WHERE s.account_id = a.id`),
    );
    await timed('VACUUM ANALYZE', () => db.query('VACUUM ANALYZE'));
    const counts = (
      await db.query(
        `SELECT (SELECT count(*) FROM payments) p, (SELECT count(*) FROM refunds) r, (SELECT count(*) FROM ledger_postings) l, (SELECT count(*) FROM merchants) m`,
      )
    ).rows[0];
    console.log(
      `seeded: ${counts.m} merchants, ${counts.p} payments, ${counts.r} refunds, ${counts.l} postings on ${DAY}`,
    );
    await db.end();

    const s = await timed(`GET /v1/finance/settlements?date=${DAY} (JSON)`, () =>
      call(`/v1/finance/settlements?date=${DAY}&currency=CNY`, ADMIN),
    );
    console.log(`  ${JSON.parse(s).data.length} merchants in the settlement`);
    await timed(`GET /v1/finance/settlements?date=${DAY} (CSV)`, () =>
      call(`/v1/finance/settlements?date=${DAY}&currency=CNY`, ADMIN, { headers: { accept: 'text/csv' } }),
    );
    const st = await timed(`GET /v1/merchant/statements/${DAY} (busiest)`, () =>
      call(`/v1/merchant/statements/${DAY}`, busiest.apiKey),
    );
    console.log(`  ${JSON.parse(st).data.length} lines in the busiest merchant's statement`);
    for (const label of ['', ' (again)']) {
      const r = JSON.parse(
        await timed(`GET /v1/finance/reconciliation?date=${DAY}${label}`, () =>
          call(`/v1/finance/reconciliation?date=${DAY}`, ADMIN),
        ),
      );
      console.log(
        `  paymentsMatchLedger ${r.paymentsMatchLedger} (${r.mismatchCount} mismatches), accountsMatchPostings ${r.accountsMatchPostings}, ledgerBalanced ${r.ledgerBalanced}`,
      );
    }
  } finally {
    await svc.stop({ keepData: Boolean(process.env.SCALE_KEEP) });
  }
}

async function embeddedPort(dataDir: string): Promise<number> {
  const pid = fs.readFileSync(path.join(dataDir, 'postgres/pgdata/postmaster.pid'), 'utf8').split('\n');
  return Number(pid[3]);
}

async function seedParties(db: Client, busiestId: string): Promise<void> {
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO merchants (name, city, country_code, mcc, currency, fee_rate, api_key_prefix, api_key_hash)
     SELECT 'Shop ' || g, 'Shanghai', 'CN', '5812', 'CNY', 0.006, 'scale' || g, repeat('0', 64) FROM generate_series(2, $1) g`,
    [MERCHANTS],
  );
  await db.query(
    `INSERT INTO ledger_accounts (code, name, type, currency, owner_type, owner_id, allow_negative)
     SELECT 'merchant:' || id || ':CNY', 'Merchant ' || id || ' (CNY)', 'liability', 'CNY', 'merchant', id::text, false FROM merchants
     ON CONFLICT (code) DO NOTHING`,
  );
  for (const [code, name, type] of [
    ['platform:bank:CNY', 'Bank (CNY)', 'asset'],
    ['platform:fee_revenue:CNY', 'Fee revenue (CNY)', 'revenue'],
    ['platform:marketing_expense:CNY', 'Marketing expense (CNY)', 'expense'],
    ['platform:payouts_in_transit:CNY', 'Payouts in transit (CNY)', 'liability'],
  ]) {
    await db.query(
      `INSERT INTO ledger_accounts (code, name, type, currency, allow_negative) VALUES ($1, $2, $3, 'CNY', true) ON CONFLICT (code) DO NOTHING`,
      [code, name, type],
    );
  }
  await db.query(
    `INSERT INTO qr_codes (merchant_id, kind, reference, label, currency, payload)
     SELECT id, 'static', 'S' || upper(substr(md5(id::text), 1, 12)), 'Counter', 'CNY', 'seeded' FROM merchants`,
  );
  await db.query(
    `INSERT INTO consumers (name, phone, pin_hash) SELECT 'Consumer ' || g, '+861' || lpad(g::text, 10, '0'), 'scrypt$seeded' FROM generate_series(1, $1) g`,
    [CONSUMERS],
  );
  await db.query(
    `INSERT INTO ledger_accounts (code, name, type, currency, owner_type, owner_id, allow_negative)
     SELECT 'consumer:' || id || ':CNY', 'Consumer wallet ' || id || ' (CNY)', 'liability', 'CNY', 'consumer', id::text, false FROM consumers`,
  );
  // one top-up per consumer, big enough for its share of the day, booked the day before
  await db.query(
    `CREATE TEMP TABLE seed_consumers AS SELECT row_number() OVER (ORDER BY c.id) - 1 AS n, c.id, a.id AS account FROM consumers c JOIN ledger_accounts a ON a.code = 'consumer:' || c.id || ':CNY'`,
  );
  await db.query(
    `CREATE TEMP TABLE seed_merchants AS SELECT row_number() OVER (ORDER BY m.id = $1 DESC, m.id) - 1 AS n, m.id, a.id AS account, q.id AS code FROM merchants m JOIN ledger_accounts a ON a.code = 'merchant:' || m.id || ':CNY' JOIN qr_codes q ON q.merchant_id = m.id`,
    [busiestId],
  );
  await insertEntries(
    db,
    `SELECT 'topup' AS kind, 'topup:seed:' || id AS reference, $1::date - interval '1 day' AS effective_at, jsonb_build_object('consumer', id) AS metadata FROM seed_consumers`,
    `SELECT 'topup:seed:' || s.id AS reference, x.account, x.side, 1000000000::bigint AS amount
       FROM seed_consumers s
       CROSS JOIN LATERAL (VALUES ((SELECT id FROM ledger_accounts WHERE code = 'platform:bank:CNY'), 'D'), (s.account, 'C')) x(account, side)`,
    [DAY],
  );
  await db.query('COMMIT');
}

async function seedPayments(db: Client, offset: number, n: number, busiestId: string): Promise<void> {
  void busiestId;
  await db.query('BEGIN');
  // merchant 0 (the busiest) takes 2 % of the day; the rest spread evenly
  await db.query(
    `CREATE TEMP TABLE seed_batch ON COMMIT DROP AS
     SELECT gen_random_uuid() AS id, g AS n,
            CASE WHEN g % 50 = 0 THEN 0 ELSE 1 + (g % ($4 - 1)) END AS m,
            g % $5 AS c,
            (100 + (hashint4(g) & 2147483647) % 19900)::bigint AS amount,
            $3::date + make_interval(secs => (g::double precision / ($2 + $1)) * 86399) AS at
       FROM generate_series($1::int + 1, $1::int + $2::int) g`,
    [offset, n, DAY, MERCHANTS, CONSUMERS],
  );
  await db.query(
    `INSERT INTO payments (id, consumer_id, merchant_id, code_id, token_jti, payer, currency, amount, discount, charged, fee, receipt, created_at)
     SELECT b.id, sc.id, sm.id, sm.code, 'seed-' || b.id, 'payer_seed' || b.c, 'CNY', b.amount, 0, b.amount,
            round(b.amount * 0.006)::bigint, 'seeded', b.at
       FROM seed_batch b JOIN seed_consumers sc ON sc.n = b.c JOIN seed_merchants sm ON sm.n = b.m`,
  );
  await insertEntries(
    db,
    `SELECT 'payment' AS kind, 'payment:' || p.id AS reference, p.created_at AS effective_at, jsonb_build_object('paymentId', p.id, 'merchantId', p.merchant_id) AS metadata
       FROM payments p JOIN seed_batch b ON b.id = p.id`,
    `SELECT 'payment:' || p.id AS reference, x.account, x.side, x.amount
       FROM seed_batch b
       JOIN payments p ON p.id = b.id
       JOIN seed_consumers sc ON sc.n = b.c JOIN seed_merchants sm ON sm.n = b.m
       CROSS JOIN LATERAL (VALUES (sc.account, 'D', p.charged), (sm.account, 'C', p.amount - p.fee),
                                  ((SELECT id FROM ledger_accounts WHERE code = 'platform:fee_revenue:CNY'), 'C', p.fee)) x(account, side, amount)
      WHERE x.amount > 0`,
  );
  await db.query('COMMIT');
}

async function seedRefunds(db: Client): Promise<void> {
  await db.query('BEGIN');
  // full refunds of REFUNDS distinct payments, the same day, an hour after the payment (capped at the day's end)
  await db.query(
    `CREATE TEMP TABLE seed_refunds ON COMMIT DROP AS
     SELECT gen_random_uuid() AS id, p.id AS payment_id, p.merchant_id, p.consumer_id, p.amount, p.fee,
            least(p.created_at + interval '1 hour', $2::date + interval '86399 seconds') AS at
       FROM payments p ORDER BY hashtext(p.id::text) LIMIT $1`,
    [REFUNDS, DAY],
  );
  await db.query(
    `INSERT INTO refunds (id, payment_id, merchant_id, currency, amount, to_consumer, discount_back, fee_back, created_at)
     SELECT id, payment_id, merchant_id, 'CNY', amount, amount, 0, fee, at FROM seed_refunds`,
  );
  await db.query(
    `UPDATE payments p SET refunded = r.amount, refunded_to_consumer = r.amount, fee_refunded = r.fee FROM seed_refunds r WHERE r.payment_id = p.id`,
  );
  await insertEntries(
    db,
    `SELECT 'refund' AS kind, 'refund:' || id AS reference, at AS effective_at, jsonb_build_object('refundId', id, 'paymentId', payment_id, 'merchantId', merchant_id) AS metadata FROM seed_refunds`,
    `SELECT 'refund:' || r.id AS reference, x.account, x.side, x.amount
       FROM seed_refunds r
       JOIN ledger_accounts ma ON ma.code = 'merchant:' || r.merchant_id || ':CNY'
       JOIN ledger_accounts ca ON ca.code = 'consumer:' || r.consumer_id || ':CNY'
       CROSS JOIN LATERAL (VALUES (ma.id, 'D', r.amount - r.fee), ((SELECT id FROM ledger_accounts WHERE code = 'platform:fee_revenue:CNY'), 'D', r.fee),
                                  (ca.id, 'C', r.amount)) x(account, side, amount)
      WHERE x.amount > 0`,
  );
  await db.query('COMMIT');
}

/**
 * Entries and their postings, as the ledger writes them: each entry with the
 * digest of its postings (which the database checks at commit), then the
 * postings. `entries` selects kind, reference, effective_at, metadata;
 * `postings` selects reference, account, side, amount (CNY); `params` are the entries'.
 */
async function insertEntries(db: Client, entries: string, postings: string, params: unknown[] = []): Promise<void> {
  await db.query(`CREATE TEMP TABLE seed_e AS ${entries}`, params);
  await db.query(`CREATE TEMP TABLE seed_p AS ${postings}`);
  await db.query('ANALYZE seed_e, seed_p');
  await db.query(
    `INSERT INTO ledger_entries (kind, reference, status, content_hash, effective_at, metadata, postings_digest)
     SELECT e.kind, e.reference, 'posted', 'seed', e.effective_at, e.metadata, d.digest
       FROM seed_e e
       JOIN (SELECT p.reference, sum(ledger_posting_hash(ledger_entry_seed(e.kind, e.reference), p.account, CASE WHEN p.side = 'D' THEN p.amount ELSE -p.amount END)) AS digest
               FROM seed_p p JOIN seed_e e ON e.reference = p.reference
              GROUP BY p.reference) d ON d.reference = e.reference`,
  );
  await db.query(
    `INSERT INTO ledger_postings (entry_id, account_id, side, amount, currency)
     SELECT le.id, p.account, p.side, p.amount, 'CNY' FROM seed_p p JOIN ledger_entries le ON le.reference = p.reference`,
  );
  await db.query('DROP TABLE seed_e, seed_p');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
