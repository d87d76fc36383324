import type { Translation } from '../i18n/languages';
import type { common as en } from './common.en';

export const common: Translation<typeof en> = {
  brand: '扫码 Saoma',
  skipToContent: '跳到正文',
  loading: '加载中…',
  copied: '已复制',
  sections: '栏目',
  signIn: '登录',
  signOut: '退出登录',
  checking: '正在验证…',
  table: '表格',
  downloadCsv: '下载 CSV',
  language: { label: '语言' },
  errors: {
    invalid_amount: '请输入金额，例如 12.30。',
    validation_failed: '有些栏目填写不正确。',
    network_error: '无法连接服务。请检查网络后重试。',
    other: '服务拒绝了此操作（{{code}}）。',
  },
};
