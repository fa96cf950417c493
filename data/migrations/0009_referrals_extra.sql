-- What was done beyond what was asked on a job (a referral won): clients
-- are reminded of it, kindly, in the note after the job ({extra}).
ALTER TABLE referrals ADD COLUMN extra TEXT NOT NULL DEFAULT '';
