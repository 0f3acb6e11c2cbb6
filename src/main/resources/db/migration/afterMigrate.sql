-- Runs after every migration run (a Flyway callback). On a Citus coordinator whose tables are still local (a database
-- that ran V16 on plain PostgreSQL and was then restored onto Citus, or got the extension afterwards), this distributes
-- them with their rows; otherwise it does nothing. See V16__citus_distribution.sql. (A run that stops short of V16,
-- with a target, has no such function yet.)
DO $after$
BEGIN
    IF to_regprocedure('candor_distribute()') IS NOT NULL THEN
        PERFORM candor_distribute();
    END IF;
END
$after$;
