import { describe, expect, it } from "vitest";
import { formAction, hiddenInputs } from "../../../src/linkedin/session/forms.ts";

describe("checkpoint page reading", () => {
  it("reads hidden inputs whatever the attribute order and quoting", () => {
    const html = `<form action="/checkpoint/challenge/verify" method="POST">
      <input type="hidden" name="csrfToken" value="ajax:123">
      <input value='abc&amp;def' name='challengeId' type='hidden'/>
      <input name="pin" type="text" value="">
      <INPUT TYPE="HIDDEN" NAME="challengeType" VALUE="EMAIL_PIN">
      <input type="hidden" name="csrfToken" value="second">
    </form>`;
    expect(hiddenInputs(html)).toEqual({ csrfToken: "ajax:123", challengeId: "abc&def", challengeType: "EMAIL_PIN" });
    expect(formAction(html, /challenge\/verify/)).toBe("/checkpoint/challenge/verify");
    expect(formAction(html, /nothing/)).toBeUndefined();
  });
});
