/*
 * npm run test:browser — the three fronts in a real browser (Debian's Chromium
 * driven by playwright-core) against the built service on a fresh embedded
 * PostgreSQL. The journey of issue 6:
 *
 *   the merchant portal (API-key sign-in) makes a static code and, in till
 *   mode, an order shown full screen; the consumer wallet, registered through
 *   its own UI and topped up from the finance console, scans the till's code
 *   with a fake camera (a Y4M video made from the code's PNG), sees the
 *   merchant's name from the server with a "verified merchant" mark, pays with
 *   the PIN and gets a receipt; before that, it shows its own payment code
 *   (付款码: QR code and Code 128 barcode, made offline from a pack of codes); the till turns PAID without a reload; the
 *   finance console's settlement of the day shows the payment. Also: a static
 *   code picked as an image and paid by typing the amount, refused payments
 *   with their messages, refunds, statements, reconciliation, look-up. And
 *   the other way round (issue 13): the till's "Scan the customer" charges the
 *   code of the wallet's Pay screen reloaded offline, then a charge above the
 *   no-PIN limit that the wallet confirms with the PIN once back online.
 *   Then accounts a person controls (issue 15), with a second consumer: frozen
 *   and unfrozen from the finance console, two devices and one signed out from
 *   the other, a new PIN, and the account closed from its Account screen.
 *
 * Then (issue 17) the charts of the merchant portal and the finance console, the pay and PIN screens driven by the keyboard alone, and
 * every screen of the three fronts in French and in Chinese (no English, no
 * missing text), chosen by the browser's language and by the switch.
 *
 * Screenshots of every screen at 390×844 and 1280×800 go to
 * test-output/screenshots/, each checked by axe-core (no serious or critical
 * violation). Ends with "N passed, N failed".
 */
import { accountsAPersonControls } from './journey/account.steps';
import { betweenPeopleAndBills } from './journey/between-people.steps';
import { webhookSecret } from './journey/webhook-secret.steps';
import { keyboardPays } from './journey/keyboard-pay.steps';
import { charts } from './journey/charts.steps';
import { languages } from './journey/languages.steps';
import { screenshotsAndConsole } from './journey/closing.steps';
import {
  codesTheWalletRefuses,
  consumerPays,
  consumerReadsTheStatement,
  consumerRegistersAndIsToppedUp,
  consumerShowsThePaymentCode,
  refusals,
} from './journey/consumer.steps';
import { financeDay } from './journey/finance.steps';
import { consumerTakesThePhone, prepare, reportAndExit, startJourney, tearDown } from './journey/journey';
import { merchantAfterTheSale, merchantSetsUp, tillCancels, tillShowsAnOrder } from './journey/merchant.steps';
import { tillScansThePhone } from './journey/phone-code.steps';
import { journeyStopped } from './support';

async function main(): Promise<void> {
  const rig = await prepare();
  try {
    const shop = await startJourney(rig);
    await merchantSetsUp(shop);
    await tillShowsAnOrder(shop);
    const j = await consumerTakesThePhone(shop);
    await consumerRegistersAndIsToppedUp(j);
    await consumerShowsThePaymentCode(j);
    await consumerPays(j);
    await refusals(j);
    await merchantAfterTheSale(j);
    await consumerReadsTheStatement(j);
    await financeDay(j);
    await tillCancels(j);
    await codesTheWalletRefuses(j);
    await tillScansThePhone(j);
    await accountsAPersonControls(j);
    await betweenPeopleAndBills(j);
    await webhookSecret(j);
    await charts(j);
    await keyboardPays(j);
    await languages(j);
    await screenshotsAndConsole(j);
  } catch (e) {
    journeyStopped(e);
  } finally {
    await tearDown(rig);
  }
  reportAndExit(rig);
}

void main();
