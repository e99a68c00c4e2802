-- The academic institution a student result proved enrollment at (the name from the registry of academic domains,
-- never the email address itself).
ALTER TABLE verification_result ADD COLUMN institution text;
