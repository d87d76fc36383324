import type { Translation } from '../i18n/languages';
import type { charts as en } from './charts.en';

export const charts: Translation<typeof en> = {
  title: '图表',
  tabs: {
    reports: '报表',
    charts: '图表',
  },
  figure: {
    showFigures: '显示数据',
    total: '合计',
    flagged: '不为零',
  },
  summary: {
    barChart: '柱状图',
    lineChart: '折线图',
    bars: '{{series}}：合计 {{total}}，最高 {{peak}}（{{at}}）',
    line: '{{series}}：{{from}} 为 {{first}}，{{to}} 为 {{last}}',
    none: '{{series}}：无',
  },
  readFrom: '数据读自落后 {{seconds}} 秒的数据库副本：最新的交易可能尚未包含在内。',
  merchant: {
    title: '报表',
    heading: '报表',
    timeZone: '时区',
    hour: '时段',
    day: '日期',
    today: {
      heading: '今天（按小时）',
      amountCaption: '每小时的收款和退款金额',
      countCaption: '每小时的付款和退款笔数',
    },
    days: {
      heading: '最近 30 天',
      amountCaption: '每天的收款和退款金额',
      countCaption: '每天的付款和退款笔数',
    },
    totals: {
      payments: '付款笔数',
      amount: '收款金额',
      fees: '手续费',
      refunds: '退款笔数',
      refunded: '退款金额',
    },
    series: {
      amount: '收款金额',
      refunded: '退款金额',
      payments: '付款笔数',
      refunds: '退款笔数',
    },
  },
  finance: {
    title: '图表',
    heading: '图表',
    volume: {
      heading: '当日交易量',
      day: '日期（UTC）',
      none: '当天没有付款、退款、充值或提现。',
      countCaption: '各币种的笔数',
      amountCaption: '金额',
      currency: '币种',
    },
    series: {
      payments: '付款',
      refunds: '退款',
      topups: '充值',
      withdrawals: '提现',
    },
    safeguarding: {
      heading: '客户资金保障（最近 30 天）',
      currency: '币种',
      caption: '每天结束时的客户资金保障状况（UTC）',
      day: '日期',
      owed: '应付用户',
      bank: '银行',
      own: '自有资金',
      difference: '差额',
      latest: '最后一天结束时',
      allWell: '每天的差额均为 0：一切正常。',
      notWell: '有些天的差额不为 0（已在表中标出）：账本无法解释全部银行余额。请运行对账。',
    },
  },
};
