import { App, Button, Card, Flex, Input, Rate, Typography } from 'antd';
import { useState } from 'react';
import { api, isApiError } from '../../../api/client';
import { useApiQuery } from '../../../hooks/useApiQuery';
import type { Translate } from '../../../i18n';

export interface Rating {
  id: string;
  score: number;
  level: string;
  comment: string | null;
  createdAt: string;
  rectifications: Array<{ id: string; organisation: { name: string }; status: 'open' | 'answered'; dueOn: string; finding: string | null; reply: string | null }>;
}

/** What is rated: an application or a 一件事 application. */
export type RatingTarget = { kind: 'application' | 'bundle'; id: string };

const path = ({ kind, id }: RatingTarget) => `/services/my/${kind === 'bundle' ? 'bundle-applications' : 'applications'}/${id}/rating`;

/** The applicant's rating of the application, or null before it is rated. */
const mine = (target: RatingTarget, signal: AbortSignal) => api.get<{ rating: Rating | null }>(path(target), undefined, signal).then((body) => body.rating);

/** 好差评: five levels and a comment, once per finished application; a rating given is shown with any 整改 answer. */
export function RatingCard({ target, t }: { target: RatingTarget; t: Translate }) {
  const { message } = App.useApp();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [given, setGiven] = useState<Rating | null>(null);
  const existing = useApiQuery((signal) => mine(target, signal), [target.kind, target.id]);
  const rating = given ?? existing.data ?? null;
  const levels = [1, 2, 3, 4, 5].map((n) => t(`services.rating.level${n}` as 'services.rating.level1'));

  async function submit() {
    setBusy(true);
    try {
      setGiven(await api.post<Rating>(path(target), { score, ...(comment.trim() ? { comment: comment.trim() } : {}) }));
      void message.success(t('services.rating.thanks'));
    } catch (error) {
      void message.error(isApiError(error) ? `${error.message} (${error.code})` : String(error));
    } finally {
      setBusy(false);
    }
  }

  if (existing.loading && rating === null) {
    return null;
  }
  return (
    <Card size="small" title={t('services.rating.title')} data-testid="rating">
      {rating !== null ? (
        <Flex vertical gap={4} data-testid="rating-given" data-score={rating.score}>
          <Flex gap={8} align="center" wrap>
            <Rate disabled value={rating.score} />
            <Typography.Text strong>{levels[rating.score - 1]}</Typography.Text>
          </Flex>
          {rating.comment && <Typography.Text>{rating.comment}</Typography.Text>}
          {rating.rectifications.map((x) => (
            <Typography.Text key={x.id} type="secondary">
              {x.status === 'answered' ? t('services.rating.answered', { org: x.organisation.name, reply: x.reply ?? '' }) : t('services.rating.rectifying', { org: x.organisation.name, date: x.dueOn })}
            </Typography.Text>
          ))}
        </Flex>
      ) : (
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">{t('services.rating.prompt')}</Typography.Text>
          <Flex gap={8} align="center" wrap>
            <Rate value={score} onChange={setScore} tooltips={levels} data-testid="rating-stars" />
            {score > 0 && <Typography.Text>{levels[score - 1]}</Typography.Text>}
          </Flex>
          <Input.TextArea rows={2} maxLength={500} showCount value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('services.rating.comment')} data-testid="rating-comment" />
          <Button type="primary" disabled={score === 0} loading={busy} onClick={() => void submit()} data-testid="rating-submit" style={{ alignSelf: 'flex-start' }}>
            {t('services.rating.submit')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
