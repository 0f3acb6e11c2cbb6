-- A tenant may require an audience (aud) in its users' tokens, and names the origins of the marketplace pages
-- that may post its users' sign-in forms (login CSRF: another site cannot sign a browser into someone's account).
ALTER TABLE tenant ADD COLUMN audience text CHECK (audience IS NULL OR length(audience) BETWEEN 1 AND 300);
ALTER TABLE tenant ADD COLUMN sign_in_origins text NOT NULL DEFAULT '' CHECK (length(sign_in_origins) <= 4000);
