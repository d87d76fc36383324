import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class ChangePinDto {
  @ApiProperty({ example: '246810' })
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'currentPin must be 6 digits' })
  currentPin!: string;
  @ApiProperty({ example: '135790' })
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'newPin must be 6 digits' })
  newPin!: string;
}

export class CloseAccountDto {
  @ApiProperty({ example: '246810' })
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'pin must be 6 digits' })
  pin!: string;
}

export class ClosedAccountDto {
  @ApiProperty() closedAt!: string;
}
