import { ParseUUIDPipe } from '@nestjs/common';
import { HttpError } from './http-error';

/** Ids are UUIDs; anything else names nothing here: 404, like an id that is not ours. */
export const IdParam = new ParseUUIDPipe({ exceptionFactory: () => new HttpError('not_found', 'No such resource.') });
