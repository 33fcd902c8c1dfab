# ruff: noqa: E501 - prose: each paragraph is one line, as the markup reads it
"""The documents a new practice starts with, in plain English, for each audience.

Bodies use the light markup of `contracting.rendering`: `# ` starts a section heading,
`- ` a bullet, a blank line a new paragraph, and `{{ name }}` a placeholder filled from
the practice profile and the client. An admin publishes new versions in the app.
"""

from __future__ import annotations

from contracting.models import Kind, Variant

# -- the confidentiality agreement -------------------------------------------------------

_LIMITS = """# Confidentiality is not absolute

What you tell me stays between us in almost every case. I cannot promise total confidentiality, though, and it would not be honest to let you think otherwise. There are a small number of situations where the law requires me to pass information on, and a few more where I may decide to, to keep someone safe. They are set out below so that you can decide what to say knowing where the limits are.

# When the law requires me to share information

- Terrorism: if I learn of information that could help prevent an act of terrorism, or help bring someone to justice for one, I must tell the police.
- Drug trafficking and money laundering: if I learn that someone is laundering the proceeds of crime, including drug trafficking, I may be legally required to report it.
- Court orders: if a court orders me to produce records or to give evidence, I must comply. A request from the police on its own is not an order; I would take advice before responding.

In some of these situations the law also forbids me to tell you that I have made a report.

# When I may decide to share information

I may share information without your agreement when I judge that someone is at serious risk and sharing it is the way to protect them:

- to protect a child or young person from harm (safeguarding and child protection);
- to protect an adult at risk of abuse or neglect who cannot protect themselves;
- when there is a serious risk that you will take your own life or seriously harm yourself;
- when there is a serious risk that you will seriously harm someone else.

I would share only what is needed, only with the people who need it (for example your GP, the local authority safeguarding team or the emergency services), and I would take advice from my supervisor, and where needed legal advice, before deciding, unless it is an emergency."""

_FIRST = """# Talking with you first

If I think I may need to share something, I will usually talk with you about it first, and where I can I will ask for your agreement and involve you in what happens next. There are times when I cannot do that: in an emergency when there is no time; when telling you would put you or someone else at greater risk; when it could harm a police or safeguarding investigation; or when the law does not allow me to tell you."""

_SUPERVISION = """# Clinical supervision

Like all counsellors and psychotherapists registered with a professional body, I talk about my work regularly with a clinical supervisor. {{ supervision.arrangement }} Supervision helps me work safely and well. I talk about the work, not about who you are: I do not give your name or details that would identify you. My supervisor keeps what I tell them confidential, within the same limits as I do.

If I am weighing whether to share information about you, as described above, my supervisor looks at it with me before I act (in an emergency, straight afterwards). What my supervisor reads is my account of the situation and my reasons, and any short passages of my notes that I copy in. I write these without your name, address, date of birth or other details that would identify you, unless my supervisor needs a particular detail to reach a view. The practice's system does not show my supervisor your name or your records: they see only what I put in front of them."""

_WORKING = """# Between sessions, and online

{{ practice.between_sessions }}

{{ practice.online_sessions }}

# Recordings, teaching and training

{{ practice.session_recording }} {{ practice.training_use }}

# If I cannot continue

If I die, or suddenly become unable to work, an arrangement is in place so that you are not left without word. {{ practice.professional_will }} This is a professional will: a colleague I have named, agreed by the practice, may then see the name and contact details kept with the records, what may be said in a message, the times of any booked appointments, and, if you agree, your GP and emergency contact, for a limited time and only once a second person at the practice agrees; never my notes or what we talk about. Your records stay confidential, and are kept and destroyed as described below."""

_RECORDS = """# Who else can see your records

Your records can be seen by me. The practice's data-protection lead can see them too, but only when that is needed to answer a request from you or to meet a legal obligation. Nobody else in the practice can read your session notes. The computer system records every time anyone opens your records. Your name and contact details are kept apart from the notes of our sessions, which are stored encrypted.

# How your records are kept, and for how long

I keep brief notes of our sessions, limited to what is needed to work with you safely. {{ practice.name }} keeps records for {{ practice.retention_years_adult }} years after our last contact, then destroys them securely. If something such as a complaint or legal claim is ongoing, records are kept until it is resolved.

# Seeing your notes

You have the right to see the notes I keep about you and to have a copy. Ask me, or write to the practice's data-protection lead, and the practice will answer within one month. You can also ask for anything inaccurate to be corrected. The data-protection lead can be reached here: {{ practice.data_protection_contact }}"""

_COMPLAINTS = """# If you are unhappy

If you are unhappy with the way I have worked with you, please tell me if you feel able to. The practice's complaints procedure is as follows. {{ practice.complaints_route }}

I am a member of the {{ practice.professional_body }} and follow its ethical framework. You can complain to them directly about my practice.

If your concern is about how your personal information has been handled, you can complain to the practice using the form at {{ practice.complaint_form }} (no account is needed), or in writing, and the practice will acknowledge your complaint within 30 days. You can also complain to the Information Commissioner's Office (ICO), the UK regulator for data protection: ico.org.uk, telephone 0303 123 1113. The practice's ICO registration number is {{ practice.ico_registration_number }}."""

_YOUNG_RETENTION = (
    "keeps records for {{ practice.retention_years_adult }} years after our last contact",
    "keeps the records of a young person at least until they are "
    "{{ practice.retention_until_age_child }}, and for at least "
    "{{ practice.retention_years_adult }} years after our last contact",
)


CONTRACT_ADULT = f"""# About this agreement

This agreement is between you, {{{{ client.name }}}}, and me, {{{{ therapist.name }}}}, a therapist at {{{{ practice.name }}}}. It explains how I keep what you tell me confidential, where that confidentiality ends, and what happens to the records of our work. We will go through it together at the start, and you are welcome to ask about any part of it at any time.

{_LIMITS}

{_FIRST}

{_SUPERVISION}

{_WORKING}

{_RECORDS}

{_COMPLAINTS}"""

# The young person's agreement is written for them: short sentences, everyday words, and
# one voice throughout (the therapist, "I", talking to the young person, "you").
CONTRACT_YOUNG_PERSON = """# About this agreement

This agreement is between you, {{ client.name }}, and me, {{ therapist.name }}. I am a therapist at {{ practice.name }}. It explains what stays private when we talk, when I might have to tell someone else, and what happens to the notes I keep. We will read it together. You can ask me about any part of it, at any time.

# Deciding for yourself

{{ assessment.statement }}

This means you can choose counselling for yourself. I will not tell your parents or carers what we talk about, unless you want me to or one of the reasons below applies. If you would like them to be involved, we can talk about how.

# Confidentiality is not absolute

Most of what you tell me stays between us. But I cannot promise total confidentiality, and I want to be honest with you about that. There are a few times when the law says I must pass something on. There are a few more when I may decide to, to keep someone safe. They are all listed below, so that you can decide what to tell me.

# When the law requires me to share information

- Terrorism: if I learn something that could stop an act of terrorism, I must tell the police.
- Drug trafficking and money laundering: if I learn that someone is hiding money made from crime, such as selling drugs, the law may say I must report it.
- Court orders: if a court orders me to show my notes or to speak in court, I have to. If the police just ask, that is not an order. I would get advice first.

Sometimes the law also says I must not tell you that I have made a report.

# When I may decide to share information

I may share information without your agreement if I think someone is in serious danger and sharing it will help keep them safe. That could be:

- to protect you or another child or young person from harm (safeguarding and child protection);
- to protect an adult at risk who cannot protect themselves;
- if there is a serious risk that you will take your own life or seriously harm yourself;
- if there is a serious risk that you will seriously harm someone else.

If I am worried that you or another young person is being hurt, I will need to tell someone whose job is to keep young people safe. This could be the children's services team at your local council. I would only share what they need to know. I would talk to my supervisor first, unless it was an emergency.

# Talking with you first

If I think I need to share something, I will usually talk with you first. Where I can, I will ask what you think and keep you involved. Sometimes I cannot do that: in an emergency, when telling you could put you or someone else in more danger, when it could spoil a police or safeguarding enquiry, or when the law says I must not tell you.

# Clinical supervision

I talk about my work with a clinical supervisor. All counsellors do this. It helps me do my job safely and well. {{ supervision.arrangement }} I do not tell my supervisor your name or anything that would show who you are. My supervisor keeps what I say private, in the same way that I do.

If I think I might need to share something about you, I ask my supervisor to help me decide first (or straight afterwards, if there was no time). My supervisor reads what I write about what is happening and why, and any bits of my notes that I copy in. I leave out your name, where you live, your birthday and anything else that would show who you are, unless my supervisor really needs one of those to help me decide. The computer system does not show my supervisor your name or your records. They only see what I choose to show them.

# Between sessions, and online

{{ practice.between_sessions }}

{{ practice.online_sessions }}

# Recording our sessions

{{ practice.session_recording }} {{ practice.training_use }}

# If I cannot carry on

If I died, or suddenly became too ill to work, someone would let you know. {{ practice.professional_will }} The person I have named could see your name, how to reach you, the times of any booked sessions, and your GP and emergency contact, but never my notes or what we talk about. Your notes would still be kept private.

# Who else can see your records

I can see your records. The practice's data-protection lead can see them too, but only when they need to: to answer a request from you, or because the law says so. Nobody else at the practice can read the notes of our sessions. The computer keeps a record every time anyone opens your records. Your name and contact details are kept apart from your notes, and your notes are locked with encryption, a kind of secret code.

# How your records are kept, and for how long

I keep short notes of our sessions: only what I need to help you safely. {{ practice.name }} keeps them at least until you are {{ practice.retention_until_age_child }}, and for at least {{ practice.retention_years_adult }} years after our last contact. Then they are destroyed safely. If there is a complaint or a court case, they are kept until it is over.

# Seeing your notes

You have the right to see the notes I keep about you, and to have a copy. Just ask me, or write to the practice's data-protection lead. You will get an answer within one month. If something in your notes is wrong, you can ask for it to be put right. The data-protection lead can be reached here: {{ practice.data_protection_contact }}

# If you are unhappy

If you are unhappy with the way I have worked with you, please tell me if you feel able to. The practice's complaints procedure is as follows. {{ practice.complaints_route }}

I am a member of the {{ practice.professional_body }}. I follow its rules for good practice. You can complain to them about me yourself.

If you are worried about how your personal information has been handled, you can tell the practice using the form at {{ practice.complaint_form }}, or by writing. The practice will reply within 30 days to say it has your complaint. You can also complain to the Information Commissioner's Office (ICO). It is the UK body that looks after people's rights over their information: ico.org.uk, telephone 0303 123 1113. The practice's ICO registration number is {{ practice.ico_registration_number }}."""

_TO_PARENT = (
    ("# Talking with you first", "# Talking with {{ client.first_name }} first"),
    ("What you tell me", "What {{ client.first_name }} tells me"),
    ("so that you can decide what to say knowing", "so that you both know"),
    ("without your agreement", "without agreement"),
    (
        "that you will take your own life or seriously harm yourself",
        "that {{ client.first_name }} will take their own life or seriously harm themselves",
    ),
    (
        "that you will seriously harm someone else",
        "that {{ client.first_name }} will seriously harm someone else",
    ),
    ("(for example your GP", "(for example their GP"),
    (
        "I will usually talk with you about it first, and where I can I will ask for your "
        "agreement and involve you",
        "I will usually talk with {{ client.first_name }} about it first, and where I can I will "
        "ask for their agreement and involve them",
    ),
    ("telling you would put you", "telling them would put them"),
    ("does not allow me to tell you", "does not allow me to tell them"),
    ("I do not give your name", "I do not give their name"),
    ("share information about you, as", "share information about {{ client.first_name }}, as"),
    (
        "without your name, address, date of birth or other details that would identify you",
        "without {{ client.first_name }}'s name, address, date of birth or other details that "
        "would identify them",
    ),
    ("my supervisor your name or your records", "my supervisor their name or their records"),
    ("Your records can be seen", "{{ client.first_name }}'s records can be seen"),
    ("a request from you", "a request from them or from you"),
    ("needed to work with you safely", "needed to work with them safely"),
    (
        "You have the right to see the notes I keep about you and to have a copy. Ask me",
        "{{ client.first_name }} has the right to see the notes I keep about them and to have a "
        "copy; you may also ask, and I will consider their wishes and best interests. Ask me",
    ),
    (
        "If you are unhappy with the way I have worked with you, please tell me",
        "If you or {{ client.first_name }} are unhappy with the way I have worked, please tell me",
    ),
)


def _for_parent(text: str) -> str:
    for before, after in _TO_PARENT:
        text = text.replace(before, after)
    return text


CONTRACT_PARENTAL = f"""# About this agreement

This agreement is between you, as a person with parental responsibility for {{{{ client.name }}}}, and me, {{{{ therapist.name }}}}, a therapist at {{{{ practice.name }}}}. It explains how I keep confidential what {{{{ client.first_name }}}} tells me, where that confidentiality ends, and what happens to the records of our work. Please ask me about any part of it.

# Your child's privacy in therapy

Therapy works best when a young person can speak freely. I will not normally tell you what {{{{ client.first_name }}}} talks about in sessions. I may share general information about how the work is going, ideally with {{{{ client.first_name }}}} present or with their agreement. If I am worried about {{{{ client.first_name }}}}'s safety, I will usually talk with them about telling you, unless doing so would put them at greater risk.

{_for_parent(_LIMITS)}

{_for_parent(_FIRST)}

{_for_parent(_SUPERVISION)}

{_for_parent(_WORKING)}

{_for_parent(_RECORDS.replace(*_YOUNG_RETENTION))}

{_for_parent(_COMPLAINTS)}"""

# -- the privacy notice -----------------------------------------------------------------

_NOTICE_INTROS = {
    Variant.ADULT: (
        "This notice tells you, {{ client.name }}, what personal information "
        "{{ practice.name }} keeps about you, why, on what legal basis, who sees it, how long "
        "it is kept, and what your rights are."
    ),
    Variant.YOUNG_PERSON: (
        "This notice tells you, {{ client.name }}, what information {{ practice.name }} keeps "
        "about you, why, who sees it, how long it is kept, and what your rights are. Your "
        "rights over your information are yours, even though you are under 18."
    ),
    Variant.PARENTAL: (
        "This notice explains what personal information {{ practice.name }} keeps about "
        "{{ client.name }}, and about you as a person with parental responsibility, why, who "
        "sees it, how long it is kept, and what rights you each have."
    ),
}

_NOTICE_BODY = """# Who is responsible for your information

{{ practice.name }} is the controller of your personal information: it decides how the information is used and is responsible for keeping it safe.

Address: {{ practice.address }}

Contact: {{ practice.contact }}

For any question about your information, or to use any of the rights below, contact: {{ practice.data_protection_contact }}

# What we keep

- Your name, contact details, date of birth, and an emergency contact and GP if you give them.
- The dates of our sessions.
- Brief notes of our sessions. These are health information, which the law treats as a special category of personal data and protects more strongly.
- This agreement and when you accepted it.

# Why we use it

- To provide counselling or psychotherapy to you, and to arrange and keep in touch about sessions.
- To keep you and others safe, in the limited situations set out in the confidentiality agreement.
- To meet our legal and professional duties, for example to answer a complaint or a court order.

# Our legal basis

- For your contact and appointment details: the contract between us to provide therapy (UK GDPR Article 6(1)(b)). Where someone else arranges or pays for your therapy, our legitimate interest in providing it safely (Article 6(1)(f)).
- For the health information in session notes: the provision of health care and treatment by a professional bound by confidentiality (UK GDPR Article 9(2)(h), with the Data Protection Act 2018, Schedule 1, Part 1, paragraph 2).
- For sharing information without your agreement, only in the situations the confidentiality agreement sets out: where the law requires it (UK GDPR Article 6(1)(c)); to protect a child or an adult at risk, or someone else from serious harm, a task in the public interest or our legitimate interests (Article 6(1)(e) or (f)) with, for health information, the safeguarding of children and individuals at risk (Article 9(2)(g), with the Data Protection Act 2018, Schedule 1, paragraph 18) or, when someone cannot give consent, their vital interests (Article 9(2)(c)); and for a court order or legal claim (Article 9(2)(f)).

We also ask for your explicit agreement to keeping records, because our professional standards expect it. If you withdraw that agreement, we stop adding notes; what we already hold is kept for the period below, because we need it to account for our work.

# Who we share it with

- Your therapist's clinical supervisor, about the work and without your name or details that would identify you. When your therapist is considering sharing information about you, the supervisor reads the therapist's account of the situation and any passages of notes the therapist quotes in it. Your therapist leaves out your name, address and other identifying details unless the supervisor needs them to decide, and our system does not show the supervisor your name.
- If your therapist dies or suddenly cannot work: the person your therapist named in their professional will, once a second person at the practice agrees, and for a limited time. They see only what they need to reach you: your name, contact details and what may be said in a message, the times of booked appointments, and, if you agreed to it, your GP and emergency contact; never session notes, what you talk about in therapy, or any record of information shared. Every look they take is recorded.
- Companies that provide our computer systems, under contracts that bind them to keep it secure and confidential and to use it only on our instructions.
- Others only as the confidentiality agreement describes: where the law requires it, to protect someone at serious risk, or where you ask us to (for example a report for your GP).

We never sell your information or use it for marketing.

# Transfers outside the UK

{{ practice.transfers_outside_uk }}

# How long we keep it

Adult records are kept for {{ practice.retention_years_adult }} years after our last contact. Records of a child or young person are kept at least until they are {{ practice.retention_until_age_child }}. Then they are securely destroyed. Records are kept longer only while a complaint, claim or legal case needs them.

# Your rights

You have the right:

- to see the information we hold about you and have a copy (a subject access request), answered within one month;
- to have inaccurate information corrected;
- to ask us to delete information, or to restrict how we use it, where the law allows;
- to object to our using it, where we rely on legitimate interests;
- to receive information you gave us in a portable form, where that right applies;
- to withdraw your agreement to keeping records at any time.

# Complaining to the Information Commissioner

If you are unhappy with how we have handled your information, please tell us first: use the complaint form at {{ practice.complaint_form }} (no account is needed), or write to us. We will acknowledge your complaint within 30 days, look into it and tell you the outcome. You also have the right to complain to the Information Commissioner's Office (ICO), the UK regulator for data protection: ico.org.uk, telephone 0303 123 1113. Our ICO registration number is {{ practice.ico_registration_number }}.

# Do you have to give us this information?

You do not have to give us any information. We need your name and a way to contact you to offer therapy, and we need to keep brief notes to work safely. If you would rather not give something, please talk to your therapist about what that would mean.

# Automated decisions

We make no decisions about you by automated means, and we do not profile you."""


def _notice(variant: str) -> str:
    return f"# About this notice\n\n{_NOTICE_INTROS[variant]}\n\n{_NOTICE_BODY}"


DEFAULTS: dict[tuple[str, str], tuple[str, str]] = {
    (Kind.CONTRACT, Variant.ADULT): ("Confidentiality agreement", CONTRACT_ADULT),
    (Kind.CONTRACT, Variant.YOUNG_PERSON): (
        "Confidentiality agreement for a young person",
        CONTRACT_YOUNG_PERSON,
    ),
    (Kind.CONTRACT, Variant.PARENTAL): (
        "Confidentiality agreement for a parent or carer",
        CONTRACT_PARENTAL,
    ),
    **{
        (Kind.PRIVACY_NOTICE, variant): ("Privacy notice", _notice(variant))
        for variant in Variant.values
    },
}
