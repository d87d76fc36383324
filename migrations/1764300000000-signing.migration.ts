import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service's JWS / webhook signing keys. Private keys are stored only
 * encrypted (AES-256-GCM under a key derived from the master secret); at most
 * one key is active at a time; retired keys stay so that what they signed
 * (receipts have no expiry) still verifies.
 */
export class Signing1764300000000 implements MigrationInterface {
  name = 'Signing1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE signing_keys (
        kid text NOT NULL,
        alg text NOT NULL,
        public_jwk jsonb NOT NULL,
        private_key_enc bytea NOT NULL,
        status text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz,
        CONSTRAINT pk_signing_keys PRIMARY KEY (kid),
        CONSTRAINT ck_signing_keys_kid CHECK (kid ~ '^[A-Za-z0-9_-]{8,128}$'),
        CONSTRAINT ck_signing_keys_alg CHECK (alg IN ('EdDSA')),
        CONSTRAINT ck_signing_keys_status CHECK (status IN ('active', 'retired')),
        -- the public column holds a public Ed25519 JWK, never a private member
        CONSTRAINT ck_signing_keys_public_jwk CHECK (
          jsonb_typeof(public_jwk) = 'object' AND public_jwk ->> 'kty' = 'OKP' AND public_jwk ->> 'crv' = 'Ed25519'
          AND jsonb_typeof(public_jwk -> 'x') = 'string' AND NOT (public_jwk ? 'd')),
        -- version byte, 12-byte IV, 16-byte tag, then the ciphertext
        CONSTRAINT ck_signing_keys_private_key_enc CHECK (octet_length(private_key_enc) > 29),
        CONSTRAINT ck_signing_keys_retired CHECK ((status = 'retired') = (retired_at IS NOT NULL)),
        CONSTRAINT ck_signing_keys_dates CHECK (activated_at >= created_at AND (retired_at IS NULL OR retired_at >= activated_at))
      )`);
    // at most one active key, whoever writes
    await q.query(`CREATE UNIQUE INDEX uq_signing_keys_active ON signing_keys (status) WHERE status = 'active'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE signing_keys`);
  }
}
