import { Segmented, Tooltip } from 'antd';
import { LOCALES, LOCALE_NAMES, useI18n, type Locale } from '../i18n';

/** Switches the console's language; the choice is remembered in this browser. */
export function LanguageSwitch() {
  const { locale, chooseLocale, t } = useI18n();
  return (
    <Tooltip title={t('header.language')} placement="bottom">
      <Segmented<Locale>
        size="small"
        value={locale}
        onChange={chooseLocale}
        options={LOCALES.map((value) => ({ value, label: LOCALE_NAMES[value] }))}
        aria-label={t('header.language')}
        data-testid="language-switch"
      />
    </Tooltip>
  );
}
