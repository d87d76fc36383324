import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Treasury: payout runs and their payouts (merchant balances and consumer
 * withdrawals sent to the bank), imported bank statements and their lines,
 * each line matched to a top-up or a payout or left unmatched with a reason.
 */
export class Treasury1764500000000 implements MigrationInterface {
  name = 'Treasury1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payout_runs (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        run_date date NOT NULL,
        status text NOT NULL DEFAULT 'running',
        operator_id uuid,
        merchant_payouts int NOT NULL DEFAULT 0,
        withdrawal_payouts int NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CONSTRAINT pk_payout_runs PRIMARY KEY (id),
        -- one run per day, whoever asks and however often
        CONSTRAINT uq_payout_runs_run_date UNIQUE (run_date),
        CONSTRAINT fk_payout_runs_operator FOREIGN KEY (operator_id) REFERENCES operators (id),
        CONSTRAINT ck_payout_runs_status CHECK (status IN ('running', 'completed')),
        CONSTRAINT ck_payout_runs_completed CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
        CONSTRAINT ck_payout_runs_counts CHECK (merchant_payouts >= 0 AND withdrawal_payouts >= 0)
      )`);

    await q.query(`
      CREATE TABLE payouts (
        id uuid NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        run_id uuid NOT NULL,
        merchant_id uuid,
        withdrawal_id uuid,
        amount bigint NOT NULL,
        currency char(3) NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        end_to_end_reference text NOT NULL,
        entry_id uuid NOT NULL,
        settled_entry_id uuid,
        returned_entry_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        paid_at timestamptz,
        returned_at timestamptz,
        CONSTRAINT pk_payouts PRIMARY KEY (id),
        CONSTRAINT uq_payouts_seq UNIQUE (seq),
        CONSTRAINT fk_payouts_run FOREIGN KEY (run_id) REFERENCES payout_runs (id),
        CONSTRAINT fk_payouts_merchant FOREIGN KEY (merchant_id) REFERENCES merchants (id),
        CONSTRAINT fk_payouts_withdrawal FOREIGN KEY (withdrawal_id) REFERENCES withdrawals (id),
        CONSTRAINT fk_payouts_entry FOREIGN KEY (entry_id) REFERENCES ledger_entries (id),
        CONSTRAINT fk_payouts_settled_entry FOREIGN KEY (settled_entry_id) REFERENCES ledger_entries (id),
        CONSTRAINT fk_payouts_returned_entry FOREIGN KEY (returned_entry_id) REFERENCES ledger_entries (id),
        -- what the bank sees: one reference, one payout
        CONSTRAINT uq_payouts_end_to_end UNIQUE (end_to_end_reference),
        -- a withdrawal joins one run; a merchant is paid once per run and currency
        CONSTRAINT uq_payouts_withdrawal UNIQUE (withdrawal_id),
        CONSTRAINT uq_payouts_run_merchant UNIQUE (run_id, merchant_id, currency),
        CONSTRAINT ck_payouts_beneficiary CHECK ((merchant_id IS NULL) <> (withdrawal_id IS NULL)),
        CONSTRAINT ck_payouts_amount CHECK (amount > 0),
        CONSTRAINT ck_payouts_currency CHECK (currency ~ '^[A-Z]{3}$'),
        CONSTRAINT ck_payouts_status CHECK (status IN ('pending', 'paid', 'returned')),
        -- ISO 20022 EndToEndId: at most 35 characters of the SWIFT set
        CONSTRAINT ck_payouts_end_to_end CHECK (end_to_end_reference ~ '^[A-Za-z0-9/?:().,''+-]{1,35}$'),
        CONSTRAINT ck_payouts_status_entries CHECK (CASE status
          WHEN 'pending' THEN settled_entry_id IS NULL AND returned_entry_id IS NULL AND paid_at IS NULL AND returned_at IS NULL
          WHEN 'paid' THEN settled_entry_id IS NOT NULL AND paid_at IS NOT NULL AND returned_entry_id IS NULL AND returned_at IS NULL
          ELSE returned_entry_id IS NOT NULL AND returned_at IS NOT NULL END)
      )`);
    await q.query(`CREATE INDEX ix_payouts_status_seq ON payouts (status, seq)`);
    await q.query(`CREATE INDEX ix_payouts_run ON payouts (run_id, seq)`);
    await q.query(`CREATE INDEX ix_payouts_merchant ON payouts (merchant_id, seq) WHERE merchant_id IS NOT NULL`);
    // pending → paid | returned, paid → returned; never back
    await q.query(`
      CREATE FUNCTION payouts_status_forward() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
             (OLD.status = 'pending' AND NEW.status IN ('paid', 'returned')) OR (OLD.status = 'paid' AND NEW.status = 'returned')) THEN
          RAISE EXCEPTION 'payout % is %; it cannot become %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'SA020';
        END IF;
        IF NEW.amount <> OLD.amount OR NEW.currency <> OLD.currency OR NEW.end_to_end_reference <> OLD.end_to_end_reference
           OR NEW.entry_id <> OLD.entry_id OR NEW.run_id <> OLD.run_id
           OR NEW.merchant_id IS DISTINCT FROM OLD.merchant_id OR NEW.withdrawal_id IS DISTINCT FROM OLD.withdrawal_id THEN
          RAISE EXCEPTION 'payout % : only its status may change', OLD.id USING ERRCODE = 'SA020';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER trg_payouts_status_forward BEFORE UPDATE ON payouts FOR EACH ROW EXECUTE FUNCTION payouts_status_forward()`,
    );

    await q.query(`
      CREATE TABLE bank_statements (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        statement_id text NOT NULL,
        format text NOT NULL,
        content_hash text NOT NULL,
        account text,
        currency char(3),
        balances jsonb NOT NULL DEFAULT '[]'::jsonb,
        line_count int NOT NULL DEFAULT 0,
        matched_count int NOT NULL DEFAULT 0,
        operator_id uuid,
        imported_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_bank_statements PRIMARY KEY (id),
        -- a statement is imported once: the bank's statement id is its identity
        CONSTRAINT uq_bank_statements_statement_id UNIQUE (statement_id),
        CONSTRAINT fk_bank_statements_operator FOREIGN KEY (operator_id) REFERENCES operators (id),
        CONSTRAINT ck_bank_statements_format CHECK (format IN ('csv', 'camt.053')),
        CONSTRAINT ck_bank_statements_statement_id CHECK (length(statement_id) BETWEEN 1 AND 140),
        CONSTRAINT ck_bank_statements_counts CHECK (line_count >= 0 AND matched_count >= 0 AND matched_count <= line_count)
      )`);

    await q.query(`
      CREATE TABLE bank_statement_lines (
        id bigint GENERATED ALWAYS AS IDENTITY,
        statement_id uuid NOT NULL,
        line_no int NOT NULL,
        entry_ref text,
        booking_date date NOT NULL,
        amount bigint NOT NULL,
        currency char(3) NOT NULL,
        direction text NOT NULL,
        reversal boolean NOT NULL DEFAULT false,
        reference text,
        counterparty text,
        status text NOT NULL,
        match_kind text,
        topup_id uuid,
        payout_id uuid,
        entry_id uuid,
        reason text,
        CONSTRAINT pk_bank_statement_lines PRIMARY KEY (id),
        CONSTRAINT fk_bank_statement_lines_statement FOREIGN KEY (statement_id) REFERENCES bank_statements (id),
        CONSTRAINT fk_bank_statement_lines_topup FOREIGN KEY (topup_id) REFERENCES topups (id),
        CONSTRAINT fk_bank_statement_lines_payout FOREIGN KEY (payout_id) REFERENCES payouts (id),
        CONSTRAINT fk_bank_statement_lines_entry FOREIGN KEY (entry_id) REFERENCES ledger_entries (id),
        -- line identity inside its statement
        CONSTRAINT uq_bank_statement_lines_line UNIQUE (statement_id, line_no),
        CONSTRAINT ck_bank_statement_lines_line_no CHECK (line_no > 0),
        CONSTRAINT ck_bank_statement_lines_amount CHECK (amount > 0),
        CONSTRAINT ck_bank_statement_lines_currency CHECK (currency ~ '^[A-Z]{3}$'),
        CONSTRAINT ck_bank_statement_lines_direction CHECK (direction IN ('credit', 'debit')),
        CONSTRAINT ck_bank_statement_lines_status CHECK (status IN ('matched', 'unmatched')),
        CONSTRAINT ck_bank_statement_lines_match CHECK (CASE
          WHEN status = 'unmatched' THEN match_kind IS NULL AND topup_id IS NULL AND payout_id IS NULL AND entry_id IS NULL AND reason IS NOT NULL
          WHEN match_kind = 'topup' THEN topup_id IS NOT NULL AND payout_id IS NULL AND direction = 'credit'
          WHEN match_kind = 'payout_paid' THEN payout_id IS NOT NULL AND topup_id IS NULL AND entry_id IS NOT NULL AND direction = 'debit'
          WHEN match_kind = 'payout_returned' THEN payout_id IS NOT NULL AND topup_id IS NULL AND entry_id IS NOT NULL AND direction = 'credit'
          ELSE false END)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_bank_statement_lines_entry_ref ON bank_statement_lines (statement_id, entry_ref) WHERE entry_ref IS NOT NULL`,
    );
    // a top-up is confirmed by one line, a payout paid by one and returned by one
    await q.query(
      `CREATE UNIQUE INDEX uq_bank_statement_lines_topup ON bank_statement_lines (topup_id) WHERE match_kind = 'topup'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX uq_bank_statement_lines_payout_paid ON bank_statement_lines (payout_id) WHERE match_kind = 'payout_paid'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX uq_bank_statement_lines_payout_returned ON bank_statement_lines (payout_id) WHERE match_kind = 'payout_returned'`,
    );
    await q.query(`CREATE INDEX ix_bank_statement_lines_booking_date ON bank_statement_lines (booking_date, currency)`);
    // the lines are the bank's word: written once, never edited
    await q.query(`
      CREATE FUNCTION bank_statement_lines_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'bank statement lines are append-only: % refused', TG_OP USING ERRCODE = 'SA021';
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_bank_statement_lines_immutable BEFORE UPDATE OR DELETE ON bank_statement_lines
      FOR EACH ROW EXECUTE FUNCTION bank_statement_lines_refuse_change()`);
    await q.query(`
      CREATE TRIGGER trg_bank_statement_lines_no_truncate BEFORE TRUNCATE ON bank_statement_lines
      FOR EACH STATEMENT EXECUTE FUNCTION bank_statement_lines_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bank_statement_lines`);
    await q.query(`DROP FUNCTION bank_statement_lines_refuse_change()`);
    await q.query(`DROP TABLE bank_statements`);
    await q.query(`DROP TABLE payouts`);
    await q.query(`DROP FUNCTION payouts_status_forward()`);
    await q.query(`DROP TABLE payout_runs`);
  }
}
