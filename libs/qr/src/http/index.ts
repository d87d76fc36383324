export * from './qr-decode.controller';
export * from './qr.dto';
