import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { uuidParam } from '../common/uuid-param';
import { SubmitReportRequestDto } from './dto/submit-report.request.dto';
import { GetReportQuery, ReportView } from './get-report.query';
import { SubmitReportCommand, SubmittedReport } from './submit-report.command';
import { ReportResponseDto, SubmittedReportResponseDto } from './dto/report.response.dto';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(ApiKeyGuard)
  @ApiSecurity('api-key')
  @ApiOperation({ summary: 'Submit a report by hand; it is processed like a feed item' })
  @ApiAcceptedResponse({ type: SubmittedReportResponseDto, description: 'Recorded and queued for processing: { id, status: "queued" }' })
  @ApiBadRequestResponse({ description: 'A field is missing or malformed; the message names it' })
  @ApiUnauthorizedResponse({ description: 'No or a wrong API key' })
  submit(@Body() body: SubmitReportRequestDto): Promise<SubmittedReport> {
    return this.commands.execute<SubmitReportCommand, SubmittedReport>(new SubmitReportCommand(body));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A report with the events extracted from it' })
  @ApiParam({ name: 'id', description: 'Report id (UUID)' })
  @ApiOkResponse({
    type: ReportResponseDto,
    description: 'The report, its processing status, the events taken from it and the incidents they belong to',
  })
  @ApiNotFoundResponse({ description: 'No report with that id' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  get(
    @Param('id', uuidParam('REPORT.BAD_ID'))
    id: string,
  ): Promise<ReportView> {
    return this.queries.execute<GetReportQuery, ReportView>(new GetReportQuery(id));
  }
}
