import { Steps, Tag, Typography } from 'antd';
import type { Translate } from '../../../i18n';
import type { ApplicationStatus, ApplicationSummary, Deadline, Step, StepState } from '../applications-api';

const STATUS_COLOURS: Record<ApplicationStatus, string> = {
  submitted: 'blue',
  correction: 'orange',
  reviewing: 'processing',
  deciding: 'geekblue',
  approved: 'cyan',
  completed: 'green',
  rejected: 'red',
};

export const stepLabel = (t: Translate, step: Step) => t(`services.step.${step}`);

export function StatusTag({ status, t }: { status: ApplicationStatus; t: Translate }) {
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="application-status" data-status={status}>
      {t(`services.status.${status}`)}
    </Tag>
  );
}

/** Where the deadline stands: due date and working days left, paused during 补正, or finished on time or late. */
export function DeadlineText({ deadline, t }: { deadline: Deadline; t: Translate }) {
  if (deadline.finishedOn !== null) {
    return (
      <Typography.Text type={deadline.onTime === false ? 'danger' : 'success'}>
        {t(deadline.onTime === false ? 'services.deadline.finishedLate' : 'services.deadline.finishedOnTime', { date: deadline.finishedOn })}
      </Typography.Text>
    );
  }
  if (deadline.suspended) {
    return <Typography.Text type="warning">{t('services.deadline.suspended', { days: deadline.workingDaysLeft ?? 0 })}</Typography.Text>;
  }
  if (deadline.dueOn === null) {
    return <Typography.Text type="secondary">{deadline.limitDays === 0 ? t('services.deadline.immediate') : t('services.deadline.notStarted', { days: deadline.limitDays })}</Typography.Text>;
  }
  const left = deadline.workingDaysLeft ?? 0;
  const type = deadline.state === 'overdue' ? 'danger' : deadline.state === 'warning' ? 'warning' : undefined;
  return (
    <Typography.Text type={type} data-testid="deadline" data-state={deadline.state}>
      {left < 0 ? t('services.deadline.overdue', { date: deadline.dueOn, days: -left }) : t('services.deadline.due', { date: deadline.dueOn, days: left })}
    </Typography.Text>
  );
}

const STEP_STATUS: Record<StepState, 'finish' | 'process' | 'wait' | 'error'> = {
  done: 'finish',
  current: 'process',
  pending: 'wait',
  correction: 'error',
  rejected: 'error',
  skipped: 'wait',
};

/** 受理 → 审查 → 决定 → 办结 with the application's place on it. */
export function ProgressSteps({ application, t, vertical }: { application: Pick<ApplicationSummary, 'progress'>; t: Translate; vertical: boolean }) {
  return (
    <Steps
      size="small"
      orientation={vertical ? 'vertical' : 'horizontal'}
      items={application.progress.map((p) => ({
        title: stepLabel(t, p.step),
        status: STEP_STATUS[p.state],
        description: p.state === 'correction' ? t('services.progress.correction') : p.state === 'skipped' ? t('services.progress.skipped') : undefined,
      }))}
    />
  );
}
