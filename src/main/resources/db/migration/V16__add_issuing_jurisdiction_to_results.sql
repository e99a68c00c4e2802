-- Where the credential an attempt used was issued (ISO 3166, e.g. US-CO or DE), as a digital credential
-- states it: about the issuer, never the holder. Checked against the compliance rules' accepted issuers.
ALTER TABLE verification_result ADD COLUMN issuing_jurisdiction text;
