import { Type, applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';

/** A 200 answered as JSON (the given model) or, with format=csv, as CSV text. */
export const ApiJsonOrCsvResponse = (model: Type<unknown>, description: string): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      description,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(model) } },
        'text/csv': { schema: { type: 'string', description: 'A header row, then one row per item (RFC 4180, CRLF line ends)' } },
      },
    }),
  );
