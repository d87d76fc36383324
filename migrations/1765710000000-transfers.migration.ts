import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transfers between consumers, to a phone.
 *
 * - To a registered phone: one entry from the sender's wallet to the
 *   recipient's; the row is `completed` from the start.
 * - To a phone not registered: one entry from the sender's wallet to the
 *   platform's transfers-in-transit account, and the row waits (`pending`)
 *   with a keyed hash of the phone, never the phone itself. When the phone
 *   registers within 7 days a second entry moves the money on to the new
 *   wallet (`completed`); after that it goes back to the sender
 *   (`returned`). The hash is cleared once the transfer is settled.
 * - So the in-transit account's balance equals the sum of pending
 *   transfers at every commit, which the reconciliation checks.
 * - Status moves forward only: pending → completed | returned.
 */
export class Transfers1765710000000 implements MigrationInterface {
  name = 'Transfers1765710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE transfers (
        id uuid NOT NULL,
        sender_id uuid NOT NULL,
        recipient_id uuid,
        to_phone_digest text,
        amount bigint NOT NULL,
        currency char(3) NOT NULL,
        note text,
        status text NOT NULL,
        entry_id uuid NOT NULL,
        settle_entry_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        settled_at timestamptz,
        CONSTRAINT pk_transfers PRIMARY KEY (id),
        CONSTRAINT fk_transfers_sender FOREIGN KEY (sender_id) REFERENCES consumers (id),
        CONSTRAINT fk_transfers_recipient FOREIGN KEY (recipient_id) REFERENCES consumers (id),
        CONSTRAINT fk_transfers_entry FOREIGN KEY (entry_id) REFERENCES ledger_entries (id),
        CONSTRAINT fk_transfers_settle_entry FOREIGN KEY (settle_entry_id) REFERENCES ledger_entries (id),
        CONSTRAINT uq_transfers_entry UNIQUE (entry_id),
        CONSTRAINT ck_transfers_amount CHECK (amount > 0),
        CONSTRAINT ck_transfers_note CHECK (char_length(note) <= 140),
        CONSTRAINT ck_transfers_status CHECK (status IN ('pending', 'completed', 'returned')),
        CONSTRAINT ck_transfers_not_self CHECK (recipient_id IS DISTINCT FROM sender_id),
        CONSTRAINT ck_transfers_recipient CHECK ((status = 'completed') = (recipient_id IS NOT NULL)),
        CONSTRAINT ck_transfers_digest CHECK ((status = 'pending') = (to_phone_digest IS NOT NULL)),
        CONSTRAINT ck_transfers_settled CHECK ((status = 'pending') = (settled_at IS NULL))
      )`);
    await q.query(`CREATE INDEX ix_transfers_sender ON transfers (sender_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_transfers_recipient ON transfers (recipient_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_transfers_pending_digest ON transfers (to_phone_digest) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX ix_transfers_pending_expiry ON transfers (expires_at) WHERE status = 'pending'`);
    await q.query(`
      CREATE FUNCTION transfers_status_forward() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'pending' AND NEW.status IS DISTINCT FROM OLD.status THEN
          RAISE EXCEPTION 'transfer % is %: its status cannot change', OLD.id, OLD.status USING ERRCODE = '23514';
        END IF;
        IF NEW.amount <> OLD.amount OR NEW.currency <> OLD.currency OR NEW.sender_id <> OLD.sender_id
           OR NEW.entry_id <> OLD.entry_id THEN
          RAISE EXCEPTION 'transfer % cannot change its amount, sender or entry', OLD.id USING ERRCODE = '23514';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_transfers_status_forward BEFORE UPDATE ON transfers
        FOR EACH ROW EXECUTE FUNCTION transfers_status_forward()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE transfers`);
    await q.query(`DROP FUNCTION transfers_status_forward()`);
  }
}
