-- Every change of a summary row tells the other Candor instances which cached summary to drop.
-- NOTIFY is delivered at commit (and not at all on rollback), and PostgreSQL folds identical
-- payloads of one transaction into one, so a write that touches a summary twice sends it once.
-- Every writer of the table is covered: review writes, moderation, erasure, the drift recompute.
CREATE FUNCTION summary_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed summary;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := OLD;
    ELSE
        changed := NEW;
    END IF;
    PERFORM pg_notify('candor_summary', changed.tenant_id || ':' || changed.subject_type || ':' || changed.subject_ref);
    IF TG_OP = 'UPDATE' AND (OLD.tenant_id, OLD.subject_type, OLD.subject_ref) IS DISTINCT FROM (NEW.tenant_id, NEW.subject_type, NEW.subject_ref) THEN
        PERFORM pg_notify('candor_summary', OLD.tenant_id || ':' || OLD.subject_type || ':' || OLD.subject_ref);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER summary_notify AFTER INSERT OR UPDATE OR DELETE ON summary
    FOR EACH ROW EXECUTE FUNCTION summary_changed();

-- TRUNCATE has no rows to name: listeners drop everything.
CREATE FUNCTION summary_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('candor_summary', '*');
    RETURN NULL;
END;
$$;

CREATE TRIGGER summary_notify_truncate AFTER TRUNCATE ON summary
    FOR EACH STATEMENT EXECUTE FUNCTION summary_truncated();
