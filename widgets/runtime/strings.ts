import type { Strings } from './i18n.js';

/** The runtime's own messages: what a widget shows when a BFF call fails. Keys are BffError codes. */
export const runtimeStrings: Strings = {
  'zh-CN': {
    network_error: '网络连接失败，请检查网络后重试',
    timeout: '请求超时，请稍后重试',
    unauthorized: '请先登录',
    forbidden: '没有权限进行此操作',
    not_found: '未找到相关内容',
    rate_limited: '操作过于频繁，请稍后再试',
    service_unavailable: '服务暂时不可用，请稍后再试',
    http_error: '请求失败，请稍后重试',
    unknown: '出现错误，请稍后重试',
  },
  en: {
    network_error: 'Network error, try again.',
    timeout: 'Timed out, try again.',
    unauthorized: 'Please log in first.',
    forbidden: 'Access denied.',
    not_found: 'Not found.',
    rate_limited: 'Too many requests, try later.',
    service_unavailable: 'Service unavailable, try later.',
    http_error: 'Request failed, try again.',
    unknown: 'Something went wrong, try again.',
  },
};
