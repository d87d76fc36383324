import { Injectable } from '@nestjs/common';
import { ConsumersService } from '@saoma/identity';
import { CounterpartiesRepository } from './counterparties.repository';

/** What a statement line's entry says about the people it is between. */
export interface PeopleRef {
  transferId?: string;
  envelopeId?: string;
  lineType?: string;
}

/**
 * The other person of each line between people, as the statement's owner
 * may see them: a masked name (displayName), never a phone or an id. A
 * transfer shows the other end; a claimed envelope its sender; an envelope
 * one sent has no single other person.
 */
@Injectable()
export class CounterpartiesService {
  constructor(
    private readonly repo: CounterpartiesRepository,
    private readonly consumers: ConsumersService,
  ) {}

  /** The displayName of the other person of each line, by the line's index; absent where none. */
  async of(ownerId: string, lines: PeopleRef[]): Promise<Map<number, string>> {
    const transferIds = lines.flatMap((l) => (l.transferId ? [l.transferId] : []));
    const envelopeIds = lines.flatMap((l) =>
      l.envelopeId && l.lineType === 'red_envelope_received' ? [l.envelopeId] : [],
    );
    if (!transferIds.length && !envelopeIds.length) return new Map();
    const [transfers, senders] = await Promise.all([
      this.repo.transferParties(transferIds),
      this.repo.envelopeSenders(envelopeIds),
    ]);
    const other = new Map<number, string>();
    lines.forEach((l, i) => {
      const t = l.transferId ? transfers.get(l.transferId) : undefined;
      const who = t
        ? t.sender_id === ownerId
          ? t.recipient_id
          : t.sender_id
        : l.envelopeId && l.lineType === 'red_envelope_received'
          ? senders.get(l.envelopeId)
          : undefined;
      if (who) other.set(i, who);
    });
    const names = await this.consumers.displayNames([...other.values()]);
    return new Map([...other].map(([i, id]) => [i, names.get(id) ?? '*']));
  }
}
