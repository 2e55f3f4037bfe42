-- Staff set their first password by redeeming a setup code, an invitation tied to their account.
ALTER TABLE invitation ADD COLUMN user_id uuid REFERENCES app_user (id);
