import { useEffect } from 'preact/hooks';
import { SurveyEditor } from '../components/surveys/SurveyEditor.tsx';
import { SurveyList } from '../components/surveys/SurveyList.tsx';
import { SURVEY_KINDS, type SurveyKind } from '../components/surveys/templates.ts';
import { surveyTexts } from '../i18n/surveys.ts';
import { texts } from '../i18n/locale.ts';
import { session } from '../models/session.ts';
import { selectSite, siteId } from '../models/sites.ts';
import { closeEditor, dirty, editing, loadSurveys, openSurvey, startNew, surveys } from '../models/surveys.ts';
import { navigate, route } from '../router.ts';
import '../styles/surveys.css';

/**
 * #/surveys lists the site's surveys; #/surveys/new?kind=nps starts one from a template;
 * #/surveys/<id> edits one. Leaving an editor with unsaved changes asks first.
 */
export function SurveysPage() {
  const t = texts(surveyTexts);
  const site = siteId.value;
  const sub = route.value.path.split('/')[2] ?? '';
  const kindParam = route.value.query.get('kind') ?? '';
  const kind: SurveyKind = (SURVEY_KINDS as readonly string[]).includes(kindParam) ? (kindParam as SurveyKind) : 'nps';
  const canEdit = session.value?.user.role === 'admin';
  const list = surveys.value;

  useEffect(() => {
    if (site) void loadSurveys(site);
  }, [site]);

  // Another site picked while a draft of this one is unsaved: ask, or go back to its site.
  useEffect(() => {
    const open = editing.value;
    if (!open || !site || open.siteId === site) return;
    if (dirty.value && !confirm(t.unsavedConfirm)) {
      selectSite(open.siteId);
      return;
    }
    closeEditor();
    navigate('/surveys');
  }, [site]);

  // The address decides what the editor holds: a new draft when the address turns to "new" …
  useEffect(() => {
    if (!site) return;
    const open = editing.value;
    if (sub === '') {
      if (open && !dirty.value) closeEditor();
    } else if (sub === 'new') {
      if (!open || open.surveyId || open.siteId !== site) startNew(site, kind);
    }
  }, [site, sub, kind]);

  // … and a saved survey once the list that holds it has arrived.
  useEffect(() => {
    if (!site || sub === '' || sub === 'new' || editing.value?.surveyId === sub) return;
    const found = list.find((s) => s.id === sub);
    if (found) openSurvey(site, found);
  }, [site, sub, list]);

  useEffect(() => {
    const editorHash = () => location.hash;
    let current = editorHash();
    const onHashChange = () => {
      const leaving = current;
      current = location.hash;
      if (!dirty.value || !/^#\/surveys\/./.test(leaving) || leaving === current) return;
      if (confirm(t.unsavedConfirm)) closeEditor();
      else {
        current = leaving;
        location.hash = leaving;
      }
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!dirty.value) return;
      event.preventDefault();
      // Older browsers need returnValue set to show their "leave site?" prompt.
      event.returnValue = '';
    };
    addEventListener('hashchange', onHashChange);
    addEventListener('beforeunload', onBeforeUnload);
    return () => {
      removeEventListener('hashchange', onHashChange);
      removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [t]);

  if (sub !== '' && editing.value) {
    return <SurveyEditor canEdit={canEdit} onBack={() => navigate('/surveys')} onCreated={(id) => navigate(`/surveys/${id}`)} />;
  }
  return <SurveyList siteId={site} canEdit={canEdit} onRetry={() => void loadSurveys(site)} />;
}
