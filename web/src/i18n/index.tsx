import { ConfigProvider, type ConfigProviderProps } from 'antd';
import antdEnUS from 'antd/locale/en_US';
import antdZhCN from 'antd/locale/zh_CN';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Locale } from '../api/auth';
import { enUS } from './en-US';
import { zhCN, type MessageKey, type Messages } from './zh-CN';

export type { Locale, MessageKey };

export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];

/** Each language named in itself, for the language switch. */
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', 'en-US': 'English' };

const dictionaries: Record<Locale, Messages> = { 'zh-CN': zhCN, 'en-US': enUS };
type AntdLocale = NonNullable<ConfigProviderProps['locale']>;
const antdLocales: Record<Locale, AntdLocale> = { 'zh-CN': antdZhCN, 'en-US': antdEnUS };

const STORAGE_KEY = 'yiwang.locale';

function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en-US';
}

function readStoredLocale(): Locale | null {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : null;
  } catch {
    return null;
  }
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

function translator(messages: Messages): Translate {
  return (key, vars) => {
    const template = messages[key];
    if (vars === undefined) {
      return template;
    }
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.hasOwn(vars, name) ? String(vars[name]) : whole,
    );
  };
}

interface I18nValue {
  locale: Locale;
  t: Translate;
  /** The user's explicit choice: applied and remembered in this browser. */
  chooseLocale: (locale: Locale) => void;
  /** The signed-in user's preferred language; used only when this browser has no remembered choice. */
  adoptUserLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

/** Provides the dictionary and antd's matching locale to the whole console. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(() => readStoredLocale() ?? 'zh-CN');

  const chooseLocale = useCallback((next: Locale) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage may be disabled (private mode); the choice then lasts for this page only.
    }
    setLocale(next);
  }, []);

  const adoptUserLocale = useCallback((preferred: Locale) => {
    if (readStoredLocale() === null && isLocale(preferred)) {
      setLocale(preferred);
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = locale === 'zh-CN' ? '一网 yiwang' : 'yiwang 一网';
  }, [locale]);

  const value = useMemo<I18nValue>(
    () => ({ locale, t: translator(dictionaries[locale]), chooseLocale, adoptUserLocale }),
    [locale, chooseLocale, adoptUserLocale],
  );

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider
        locale={antdLocales[locale]}
        theme={{
          token: {
            colorPrimary: '#1554ad',
            borderRadius: 6,
            fontFamily: [
              '-apple-system',
              'BlinkMacSystemFont',
              "'Segoe UI'",
              "'PingFang SC'",
              "'Hiragino Sans GB'",
              "'Microsoft YaHei'",
              "'Noto Sans CJK SC'",
              "'Helvetica Neue'",
              'Arial',
              'sans-serif',
            ].join(', '),
          },
        }}
      >
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (value === null) {
    throw new Error('useI18n() must be used inside <I18nProvider>');
  }
  return value;
}

/** The translate function of the current language. */
export function useT(): Translate {
  return useI18n().t;
}
