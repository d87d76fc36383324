import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class DecodeQrDto {
  @ApiProperty({ example: '00020101021129370016A000000677010111011300668012345675802TH530376463046197' })
  @IsString()
  @MaxLength(1000)
  payload!: string;
}
