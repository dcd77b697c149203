import type { Strings } from '../runtime/i18n.js';

/** zh-CN is the source; en may leave keys out (they fall back to zh-CN). */
export const loginStrings: Strings = {
  'zh-CN': {
    loading: '正在获取登录状态',
    login: '登录',
    register: '注册',
    natural: '个人',
    legal: '法人',
    realname: '实名',
    registered: '未实名',
    agent: '经办人：{name}',
    space: '个人空间',
    logout: '退出登录',
    loggingOut: '正在退出…',
    error: '登录状态获取失败',
    retry: '重试',
    loggedOutElsewhere: '您已在其他页面退出登录',
  },
  en: {
    loading: 'Checking sign-in status',
    login: 'Log in',
    register: 'Register',
    natural: 'Personal',
    legal: 'Business',
    realname: 'Verified',
    registered: 'Not verified',
    agent: 'Acting: {name}',
    space: 'My space',
    logout: 'Log out',
    loggingOut: 'Logging out…',
    error: 'Could not check your sign-in status',
    retry: 'Try again',
    loggedOutElsewhere: 'You have logged out on another page',
  },
};
