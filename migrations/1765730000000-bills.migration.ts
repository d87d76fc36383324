import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bills and taxes: a merchant (a tax office, a utility) issues bills by
 * reference. A bill is an order with a dynamic code, so that it is paid on
 * the payment path as it is (paid once, for its amount, linked to its code),
 * plus what a bill has of its own: a due date and a description.
 *
 * - One bill per order, of the order's merchant and with the order's
 *   reference: the foreign keys say that an order with this id and one
 *   with this merchant and reference exist; the trigger, that they are the
 *   same order. A bill's reference is thus also an order reference of its
 *   merchant, unique among both (one namespace).
 * - The description: 1 to 140 characters.
 * - A bill not payable after its due date has its order expire at the end of
 *   that day (UTC), so the payment's own statement refuses it afterwards;
 *   one payable after it, in 9999. The order sweeper leaves bills alone: an
 *   unpaid bill stays open.
 */
export class Bills1765730000000 implements MigrationInterface {
  name = 'Bills1765730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bills (
        order_id uuid NOT NULL,
        merchant_id uuid NOT NULL,
        reference text NOT NULL,
        due_date date NOT NULL,
        description text NOT NULL,
        payable_after_due boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_bills PRIMARY KEY (order_id),
        CONSTRAINT fk_bills_order FOREIGN KEY (order_id) REFERENCES orders (id),
        CONSTRAINT fk_bills_merchant FOREIGN KEY (merchant_id) REFERENCES merchants (id),
        CONSTRAINT fk_bills_order_reference FOREIGN KEY (merchant_id, reference) REFERENCES orders (merchant_id, reference),
        CONSTRAINT uq_bills_merchant_reference UNIQUE (merchant_id, reference),
        CONSTRAINT ck_bills_description CHECK (char_length(description) BETWEEN 1 AND 140)
      )`);
    await q.query(`CREATE INDEX ix_bills_merchant_created ON bills (merchant_id, created_at DESC, order_id DESC)`);
    // the bill's merchant and reference are its own order's (checked when a bill is written, never on a payment)
    await q.query(`
      CREATE FUNCTION bills_same_as_order() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM orders o
                        WHERE o.id = NEW.order_id AND o.merchant_id = NEW.merchant_id AND o.reference = NEW.reference) THEN
          RAISE EXCEPTION 'bill %: order % is not of merchant % with this reference', NEW.reference, NEW.order_id, NEW.merchant_id
            USING ERRCODE = '23514';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER trg_bills_same_as_order BEFORE INSERT OR UPDATE OF order_id, merchant_id, reference ON bills
         FOR EACH ROW EXECUTE FUNCTION bills_same_as_order()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bills`);
    await q.query(`DROP FUNCTION bills_same_as_order()`);
  }
}
