import { ConfigError } from './config-error';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * Every setting of the service, read and validated once at boot. Nothing else
 * reads process.env: libraries receive this object through injection.
 */
export interface AppConfig {
  /** HTTP port. */
  port: number;
  /** External PostgreSQL; unset → an embedded PostgreSQL under dataDir. */
  databaseUrl: string | null;
  /** A streaming replica that reports (settlements, statements, the journal) read from; unset → the primary. */
  readDatabaseUrl: string | null;
  /** Apply pending migrations at boot (under an advisory lock, so several processes may start at once). */
  migrateOnStart: boolean;
  /**
   * Hot statements prepared by name once per connection. Off behind a pooler
   * that moves a client between server connections without tracking them
   * (pgbouncer before 1.21 in transaction mode).
   */
  namedStatements: boolean;
  /** Local state: the embedded database, generated secrets. */
  dataDir: string;
  /** Port of the embedded PostgreSQL; 0 → any free port. */
  embeddedPgPort: number;
  /** Connections in the pool. */
  dbPoolSize: number;
  /** The first admin's API key, if set. */
  adminApiKey: string | null;
  logLevel: LogLevel;
  /** Base URL printed into QR codes (the code's URL). */
  publicBaseUrl: string;
  /** The service's globally unique identifier in EMV merchant account templates. */
  emvGui: string;
  /**
   * 32-byte master secret (base64) that encrypts signing keys at rest and keys
   * the payer pseudonyms; unset → generated once and kept in dataDir.
   */
  masterKey: string | null;
  /** Lifetime of a consumer session token, seconds. */
  sessionTtlSeconds: number;
  /** Largest payment without a PIN, in major units, per currency (default for any other currency: defaultNoPinLimit). */
  noPinLimits: Record<string, string>;
  defaultNoPinLimit: string;
  /** Requests per minute per client address on registration and sign-in. */
  authRateLimitPerMinute: number;
  /** Idempotency records older than this are purged (hours, at least 24). */
  idempotencyRetentionHours: number;
  /** Webhook worker on/off (tests turn it off and drive it by hand). */
  webhookWorkerEnabled: boolean;
  /**
   * The periodic jobs in this process (expiry of orders, purge of idempotency
   * records, folding of ledger deltas): off on service processes when a
   * worker (`npm run worker`) runs them.
   */
  periodicJobs: boolean;
  /** Let the service trust X-Forwarded-For from this many proxies. */
  trustProxy: number;
  /** How often this process folds the ledger's appended deltas into stored balances (ms); 0: never (another process does). */
  ledgerFoldIntervalMs: number;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^[0-9]+$/.test(raw)) {
    problems.push(`${name} must be an integer, got ${JSON.stringify(raw)}`);
    return def;
  }
  const n = Number(raw);
  if (n < min || n > max) problems.push(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, def: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  problems.push(`${name} must be true or false, got ${JSON.stringify(raw)}`);
  return def;
}

const DECIMAL = /^[0-9]{1,12}(\.[0-9]{1,3})?$/;

/** Parse "CNY=1000,JPY=100000" into a map. */
function limits(env: Env, name: string, problems: string[]): Record<string, string> {
  const raw = env[name];
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const part of raw.split(',')) {
    const m = /^\s*([A-Z]{3})\s*=\s*([0-9.]+)\s*$/.exec(part);
    if (!m || !DECIMAL.test(m[2])) {
      problems.push(`${name}: "${part}" is not CUR=amount`);
      continue;
    }
    out[m[1]] = m[2];
  }
  return out;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const port = int(env, 'PORT', 3000, 0, 65535, problems);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must be a postgres:// URL');
  const readDatabaseUrl = env.READ_DATABASE_URL?.trim() || null;
  if (readDatabaseUrl && !/^postgres(ql)?:\/\//.test(readDatabaseUrl))
    problems.push('READ_DATABASE_URL must be a postgres:// URL');
  if (readDatabaseUrl && !databaseUrl)
    problems.push('READ_DATABASE_URL needs DATABASE_URL (a replica of which primary?)');
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel))
    problems.push(`LOG_LEVEL must be debug, info, warn, error or silent`);
  const publicBaseUrl = (env.PUBLIC_BASE_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s]+$/.test(publicBaseUrl)) problems.push('PUBLIC_BASE_URL must be an http(s) URL');
  const emvGui = env.EMV_GUI || 'io.saoma';
  if (!/^[a-z0-9.-]{3,32}$/i.test(emvGui))
    problems.push('EMV_GUI must be a reverse domain name of at most 32 characters');
  const masterKey = env.SAOMA_MASTER_KEY || null;
  if (masterKey && Buffer.from(masterKey, 'base64').length !== 32)
    problems.push('SAOMA_MASTER_KEY must be 32 bytes, base64');
  const adminApiKey = env.ADMIN_API_KEY || null;
  if (adminApiKey !== null && adminApiKey.length < 16) problems.push('ADMIN_API_KEY must be at least 16 characters');
  const defaultNoPinLimit = env.NO_PIN_LIMIT_DEFAULT || '1000';
  if (!DECIMAL.test(defaultNoPinLimit)) problems.push('NO_PIN_LIMIT_DEFAULT must be a decimal amount');
  const config: AppConfig = {
    port,
    databaseUrl,
    readDatabaseUrl,
    migrateOnStart: bool(env, 'MIGRATE_ON_START', true, problems),
    namedStatements: bool(env, 'DB_NAMED_STATEMENTS', true, problems),
    dataDir: env.DATA_DIR || '.data',
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 0, 0, 65535, problems),
    dbPoolSize: int(env, 'DB_POOL_SIZE', 20, 1, 500, problems),
    adminApiKey,
    logLevel,
    publicBaseUrl,
    emvGui,
    masterKey,
    sessionTtlSeconds: int(env, 'SESSION_TTL_SECONDS', 7 * 24 * 3600, 60, 90 * 24 * 3600, problems),
    noPinLimits: limits(env, 'NO_PIN_LIMITS', problems),
    defaultNoPinLimit,
    authRateLimitPerMinute: int(env, 'AUTH_RATE_LIMIT_PER_MINUTE', 30, 1, 100000, problems),
    idempotencyRetentionHours: int(env, 'IDEMPOTENCY_RETENTION_HOURS', 48, 24, 24 * 365, problems),
    webhookWorkerEnabled: bool(env, 'WEBHOOK_WORKER', true, problems),
    periodicJobs: bool(env, 'PERIODIC_JOBS', true, problems),
    trustProxy: int(env, 'TRUST_PROXY', 0, 0, 10, problems),
    ledgerFoldIntervalMs: int(env, 'LEDGER_FOLD_INTERVAL_MS', 200, 0, 60_000, problems),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Injection token for the AppConfig object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Injection token for the 32-byte master secret (a Buffer). */
export const MASTER_KEY = Symbol('MASTER_KEY');
