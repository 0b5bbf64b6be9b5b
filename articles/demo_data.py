"""Demo content for Vetted: topics, people and medically reviewed articles.

Pure data, with no Django imports, so it can be read by the ``load_demo``
management command, by tests and by anyone reviewing the copy.

Everything about the people here is fictional: the authors and reviewers are
invented, their ORCID iDs sit in a block that ORCID does not issue, and their
GMC numbers are placeholders. The bibliographic data, by contrast, is meant to
be real. Identifiers (DOI, PMID, PMCID) were filled in only where they could
be confirmed; any that could not be confirmed are left as "" on purpose.

Article bodies are Markdown with pandoc-style citations such as ``[@key]`` or
``[@key1; @key2]``. Call ``check()`` to confirm that every article cites
exactly the references it lists.
"""

import re
from textwrap import dedent

TOPICS = [
    {
        "name": "Mental health",
        "slug": "mental-health",
        "description": (
            "Anxiety, depression and the many ways the mind and body affect "
            "each other, with practical information about getting help."
        ),
    },
    {
        "name": "Sleep",
        "slug": "sleep",
        "description": (
            "How much sleep adults need, why it goes wrong, and the treatments "
            "for common sleep problems such as insomnia and sleep apnoea."
        ),
    },
    {
        "name": "Heart health",
        "slug": "heart-health",
        "description": (
            "Blood pressure, cholesterol, diet and the other things that shape "
            "the risk of heart attack and stroke."
        ),
    },
]

AUTHORS = [
    {
        "name": "Imogen Fairweather-Lark",
        "slug": "imogen-fairweather-lark",
        "credentials": "MPH",
        "job_title": "Senior Health Writer",
        "bio": (
            "Imogen writes about mental health and the links between stress and "
            "physical symptoms. Before joining Vetted she spent eight years in "
            "public health communication. This is a fictional profile used for "
            "demonstration."
        ),
        "profile_links": [
            {"label": "ORCID", "url": "https://orcid.org/0000-0000-0000-0212"},
        ],
    },
    {
        "name": "Tobias Brightwater",
        "slug": "tobias-brightwater",
        "credentials": "MSc",
        "job_title": "Health Editor",
        "bio": (
            "Tobias edits Vetted's heart health coverage and has a background in "
            "nutrition science. This is a fictional profile used for "
            "demonstration."
        ),
        "profile_links": [],
    },
    {
        "name": "Noor Halloway-Pence",
        "slug": "noor-halloway-pence",
        "credentials": "PhD",
        "job_title": "Science Writer",
        "bio": (
            "Noor trained as a sleep researcher and now explains the evidence "
            "behind everyday health questions. This is a fictional profile used "
            "for demonstration."
        ),
        "profile_links": [
            {"label": "ORCID", "url": "https://orcid.org/0000-0000-0000-0423"},
        ],
    },
]

REVIEWERS = [
    {
        "name": "Elspeth Ravensworth",
        "slug": "elspeth-ravensworth",
        "credentials": "MBChB, MRCPsych",
        "specialty": "Neuropsychiatry",
        "registration_body": "General Medical Council",
        "registration_number": "GMC 0000001",
        "bio": (
            "Elspeth is a consultant neuropsychiatrist with an interest in "
            "functional neurological symptoms, anxiety and sleep. This is a "
            "fictional profile used for demonstration."
        ),
        "conflict_of_interest": "None declared.",
        "username": "reviewer",
    },
    {
        "name": "Kwabena Thistlewood",
        "slug": "kwabena-thistlewood",
        "credentials": "MD, FRCP",
        "specialty": "Cardiology",
        "registration_body": "General Medical Council",
        "registration_number": "GMC 0000002",
        "bio": (
            "Kwabena is a consultant cardiologist who runs a preventive "
            "cardiology clinic. This is a fictional profile used for "
            "demonstration."
        ),
        "conflict_of_interest": "None declared.",
        "username": "reviewer2",
    },
]

ARTICLES = [
    # ------------------------------------------------------------------ #
    # Mental health
    # ------------------------------------------------------------------ #
    {
        "title": "Can anxiety cause involuntary muscle movements?",
        "slug": "can-anxiety-cause-involuntary-muscle-movements",
        "topic": "mental-health",
        "authors": ["imogen-fairweather-lark"],
        "reviewer": "reviewer",
        "summary": (
            "Yes. Anxiety can cause twitches, tremor, jerks and cramps. Most are "
            "harmless and ease as anxiety settles, but some signs, such as "
            "weakness or muscle wasting, need a doctor's assessment."
        ),
        "change_note": "First publication.",
        "also_read": [
            "generalised-anxiety-disorder-explained",
            "exercise-and-depression",
            "how-much-sleep-do-adults-need",
        ],
        "body": dedent("""
            ## The short answer

            Yes. Anxiety can produce a range of movements that happen without
            any conscious decision, from small flickers under the skin to
            shaking and sudden jerks. Most of these are harmless and settle as
            anxiety eases, but a few movements have other causes that deserve
            a proper check.

            ## Why anxiety affects the muscles

            When the brain senses a threat, it switches on the body's alarm
            system. Stress hormones such as adrenaline prepare the muscles for
            action: they tighten, nerves become more excitable and breathing
            speeds up. For a few minutes this is useful. Kept switched on for
            weeks, it can leave muscles tense, tired and prone to misfiring.
            Muscle tension and restlessness are so typical of long-lasting
            anxiety that they are part of the formal diagnostic criteria for
            generalised anxiety disorder [@apa2022].

            ## Movements people commonly notice

            - **Twitches (fasciculations):** brief flickers in a small patch of
              muscle, often in an eyelid, a calf or the thumb.
            - **Tremor:** fine shaking of the hands, which is the body's normal
              tremor made more visible by adrenaline.
            - **Jerks:** sudden single jumps of a limb, including the jolt some
              people feel as they drift off to sleep.
            - **Cramps and tightness:** especially in the jaw, neck, shoulders
              and legs.
            - **Tingling and spasm with over-breathing:** fast breathing during
              panic can cause pins and needles and, occasionally, cramp-like
              tightening of the hands.

            Twitching in particular is usually linked to everyday triggers such
            as stress, tiredness, caffeine and alcohol, and it often fades
            within days or weeks [@nhs2023twitch].

            ## Are muscle twitches a sign of something serious?

            Many people with persistent twitching worry about motor neurone
            disease. The evidence is reassuring. In a Mayo Clinic study that
            followed 121 people with benign fasciculations for between 2 and 32
            years, none went on to develop motor neurone disease [@blexrud1993].
            What matters is the company the twitches keep: twitching with
            normal strength and no muscle wasting is very different from
            twitching that comes with weakness.

            Anxiety and twitching can also feed each other. Repeatedly checking
            a muscle focuses attention on it, raises anxiety, and can make the
            twitching seem more frequent.

            ## When movements persist: functional movement disorder

            Sometimes involuntary movements such as tremor, jerks, spasms or an
            unusual walk continue even when a person does not feel especially
            anxious. A neurologist may then diagnose a functional movement
            disorder, in which the nervous system is structurally healthy but
            is not working as it should [@hallett2022; @espay2018]. These
            symptoms are genuine; they are not imagined or put on. Stress can
            be a risk factor but is often absent, and the diagnosis rests on
            positive signs found on examination rather than on ruling
            everything else out [@hallett2022]. Specialist physiotherapy and
            psychological therapy help many people [@espay2018].

            ## What tends to help

            Treating the underlying anxiety often reduces the physical
            symptoms too. Talking therapies, regular physical activity, enough
            sleep and less caffeine are common starting points, and a
            clinician can discuss whether other treatment would be useful.

            ## When to see a doctor

            It is sensible to book an appointment with a GP if:

            - a twitch lasts longer than about two weeks or appears in more
              than one place [@nhs2023twitch]
            - the affected muscle feels weak or stiff, or looks thinner
            - the movements interfere with work, walking or daily activities
            - a new medicine might be responsible

            Urgent help is needed for sudden weakness or numbness of the face,
            arm or leg, difficulty speaking or swallowing, or a seizure.
            """).strip(),
        "references": [
            {
                "key": "apa2022",
                "kind": "book",
                "authors": "American Psychiatric Association",
                "title": (
                    "Diagnostic and Statistical Manual of Mental Disorders, "
                    "Fifth Edition, Text Revision (DSM-5-TR)"
                ),
                "container": "American Psychiatric Association Publishing",
                "year": 2022,
                "volume": "",
                "issue": "",
                "pages": "",
                "doi": "10.1176/appi.books.9780890425787",
                "pmid": "",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "other",
                "peer_reviewed": False,
            },
            {
                "key": "nhs2023twitch",
                "kind": "web",
                "authors": "",
                "title": "Twitching eyes and muscles",
                "container": "NHS",
                "year": 2023,
                "volume": "",
                "issue": "",
                "pages": "",
                "doi": "",
                "pmid": "",
                "pmcid": "",
                "url": "https://www.nhs.uk/conditions/twitching-eyes-and-muscles/",
                "accessed_on": "2026-01-12",
                "evidence_type": "other",
                "peer_reviewed": False,
            },
            {
                "key": "blexrud1993",
                "kind": "journal",
                "authors": "Blexrud MD, Windebank AJ, Daube JR",
                "title": (
                    "Long-term follow-up of 121 patients with benign fasciculations"
                ),
                "container": "Ann Neurol",
                "year": 1993,
                "volume": "34",
                "issue": "4",
                "pages": "622-625",
                "doi": "",
                "pmid": "",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "cohort",
                "peer_reviewed": True,
            },
            {
                "key": "hallett2022",
                "kind": "journal",
                "authors": (
                    "Hallett M, Aybek S, Dworetzky BA, McWhirter L, Staab JP, Stone J"
                ),
                "title": (
                    "Functional neurological disorder: new subtypes and shared "
                    "mechanisms"
                ),
                "container": "Lancet Neurol",
                "year": 2022,
                "volume": "21",
                "issue": "6",
                "pages": "537-550",
                "doi": "10.1016/S1474-4422(21)00422-1",
                "pmid": "35430029",
                "pmcid": "PMC9107510",
                "url": "",
                "accessed_on": "",
                "evidence_type": "review",
                "peer_reviewed": True,
            },
            {
                "key": "espay2018",
                "kind": "journal",
                "authors": (
                    "Espay AJ, Aybek S, Carson A, Edwards MJ, Goldstein LH, Hallett M"
                ),
                "title": (
                    "Current concepts in diagnosis and treatment of functional "
                    "neurological disorders"
                ),
                "container": "JAMA Neurol",
                "year": 2018,
                "volume": "75",
                "issue": "9",
                "pages": "1132-1141",
                "doi": "10.1001/jamaneurol.2018.1264",
                "pmid": "",
                "pmcid": "PMC7293766",
                "url": "",
                "accessed_on": "",
                "evidence_type": "review",
                "peer_reviewed": True,
            },
        ],
    },
    {
        "title": "Generalised anxiety disorder: more than everyday worry",
        "slug": "generalised-anxiety-disorder-explained",
        "topic": "mental-health",
        "authors": ["imogen-fairweather-lark", "noor-halloway-pence"],
        "reviewer": "reviewer",
        "summary": (
            "Generalised anxiety disorder causes persistent, hard-to-control "
            "worry with physical symptoms. It is common, and both talking "
            "therapies and medicines have good evidence behind them."
        ),
        "change_note": "First publication.",
        "also_read": [
            "can-anxiety-cause-involuntary-muscle-movements",
            "exercise-and-depression",
            "cognitive-behavioural-therapy-for-insomnia",
        ],
        "body": dedent("""
            ## What is generalised anxiety disorder?

            Everyone worries. Generalised anxiety disorder (GAD) differs in
            scale: the worry is out of proportion, hard to switch off and
            spreads across many areas of life, such as health, money, family
            or work. To meet the formal definition, the worry must be present
            on more days than not for at least six months and come with
            physical or mental symptoms that cause real distress or get in the
            way of daily life [@apa2022].

            ## How common is it?

            GAD is one of the most common mental health conditions. A large
            national survey of adults in the United States estimated that
            roughly 1 in 20 people meet the criteria at some point in their
            lives [@kessler2005]. It can begin at any age, and it often occurs
            alongside depression or other anxiety problems.

            ## Common symptoms

            Symptoms vary from person to person, but often include:

            - constant worrying or a sense of dread
            - restlessness or feeling on edge
            - tiring easily
            - difficulty concentrating, or the mind going blank
            - irritability
            - muscle tension, aches or twitches
            - trouble falling or staying asleep

            These are the same features that clinicians look for when making
            the diagnosis [@apa2022].

            ## How it is assessed

            There is no blood test for GAD. A clinician asks about symptoms,
            how long they have lasted and how much they affect everyday life,
            and may look for physical causes such as an overactive thyroid, or
            for the effects of caffeine, alcohol or medicines. Short
            questionnaires help. The GAD-7 asks seven questions about the past
            two weeks; in its original validation study, a score of 10 or more
            picked up most people who had the condition [@spitzer2006]. A
            questionnaire score supports a conversation rather than replacing
            one.

            ## Treatment options

            Care is usually offered in steps, starting with the least intensive
            option likely to help and moving on if symptoms persist
            [@nice2011gad]. Options include:

            - information about anxiety, and active monitoring
            - guided self-help and group courses, often based on cognitive
              behavioural therapy (CBT)
            - individual CBT or applied relaxation with a trained therapist
            - medicine, usually an antidepressant from the SSRI or SNRI groups

            Psychological treatment works well. A meta-analysis of 41 studies
            found that therapy, mostly CBT, led to large improvements in
            anxiety compared with control groups, and also eased symptoms of
            depression [@cuijpers2014]. Several medicines also outperform
            placebo: a network meta-analysis of 89 trials found benefits from
            duloxetine, pregabalin, venlafaxine and escitalopram, among others,
            with differences in how well each was tolerated [@slee2019].
            Choosing between therapy and medicine, or combining them, depends
            on personal preference, past response and side effects, and is a
            decision to make with a clinician [@nice2011gad; @slee2019].

            ## Living with GAD

            Regular physical activity, limiting caffeine and alcohol, and a
            steady sleep routine can all support recovery alongside formal
            treatment. Many people find that recognising the pattern, and
            naming a thought as anxiety rather than fact, makes worry easier to
            manage.

            ## When to see a doctor

            It is worth speaking to a GP if worry feels uncontrollable, has
            lasted for several weeks, or is affecting work, relationships or
            sleep. Anyone who has thoughts of harming themselves, or who feels
            unable to stay safe, needs help straight away: in the UK, NHS 111
            and 999 can help, and Samaritans can be reached on 116 123.
            """).strip(),
        "references": [
            {
                "key": "apa2022",
                "kind": "book",
                "authors": "American Psychiatric Association",
                "title": (
                    "Diagnostic and Statistical Manual of Mental Disorders, "
                    "Fifth Edition, Text Revision (DSM-5-TR)"
                ),
                "container": "American Psychiatric Association Publishing",
                "year": 2022,
                "volume": "",
                "issue": "",
                "pages": "",
                "doi": "10.1176/appi.books.9780890425787",
                "pmid": "",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "other",
                "peer_reviewed": False,
            },
            {
                "key": "kessler2005",
                "kind": "journal",
                "authors": (
                    "Kessler RC, Berglund P, Demler O, Jin R, Merikangas KR, Walters EE"
                ),
                "title": (
                    "Lifetime prevalence and age-of-onset distributions of DSM-IV "
                    "disorders in the National Comorbidity Survey Replication"
                ),
                "container": "Arch Gen Psychiatry",
                "year": 2005,
                "volume": "62",
                "issue": "6",
                "pages": "593-602",
                "doi": "10.1001/archpsyc.62.6.593",
                "pmid": "15939837",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "other",
                "peer_reviewed": True,
            },
            {
                "key": "spitzer2006",
                "kind": "journal",
                "authors": "Spitzer RL, Kroenke K, Williams JBW, Löwe B",
                "title": (
                    "A brief measure for assessing generalized anxiety disorder: "
                    "the GAD-7"
                ),
                "container": "Arch Intern Med",
                "year": 2006,
                "volume": "166",
                "issue": "10",
                "pages": "1092-1097",
                "doi": "10.1001/archinte.166.10.1092",
                "pmid": "16717171",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "other",
                "peer_reviewed": True,
            },
            {
                "key": "nice2011gad",
                "kind": "guideline",
                "authors": "",
                "title": (
                    "Generalised anxiety disorder and panic disorder in adults: "
                    "management (CG113)"
                ),
                "container": "National Institute for Health and Care Excellence",
                "year": 2011,
                "volume": "",
                "issue": "",
                "pages": "",
                "doi": "",
                "pmid": "",
                "pmcid": "",
                "url": "https://www.nice.org.uk/guidance/cg113",
                "accessed_on": "2026-01-12",
                "evidence_type": "guideline",
                "peer_reviewed": False,
            },
            {
                "key": "cuijpers2014",
                "kind": "journal",
                "authors": (
                    "Cuijpers P, Sijbrandij M, Koole SL, Huibers M, Berking M, "
                    "Andersson G"
                ),
                "title": (
                    "Psychological treatment of generalized anxiety disorder: "
                    "a meta-analysis"
                ),
                "container": "Clin Psychol Rev",
                "year": 2014,
                "volume": "34",
                "issue": "2",
                "pages": "130-140",
                "doi": "10.1016/j.cpr.2014.01.002",
                "pmid": "",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "systematic-review",
                "peer_reviewed": True,
            },
            {
                "key": "slee2019",
                "kind": "journal",
                "authors": (
                    "Slee A, Nazareth I, Bondaronek P, Liu Y, Cheng Z, Freemantle N"
                ),
                "title": (
                    "Pharmacological treatments for generalised anxiety disorder: "
                    "a systematic review and network meta-analysis"
                ),
                "container": "Lancet",
                "year": 2019,
                "volume": "393",
                "issue": "10173",
                "pages": "768-777",
                "doi": "10.1016/S0140-6736(18)31793-8",
                "pmid": "30712879",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "systematic-review",
                "peer_reviewed": True,
            },
        ],
    },
    {
        "title": "Exercise and depression: what the research shows",
        "slug": "exercise-and-depression",
        "topic": "mental-health",
        "authors": ["noor-halloway-pence"],
        "reviewer": "reviewer",
        "summary": (
            "Trials suggest that exercise, from walking to strength training, "
            "can ease symptoms of depression. It works best as part of a wider "
            "plan agreed with a clinician."
        ),
        "change_note": "First publication.",
        "also_read": [
            "generalised-anxiety-disorder-explained",
            "can-anxiety-cause-involuntary-muscle-movements",
            "how-much-sleep-do-adults-need",
        ],
        "body": dedent("""
            ## The question

            Depression affects mood, energy, sleep, appetite and concentration,
            and it can make everyday tasks feel like hard work. Exercise is
            often suggested as part of recovery. But how strong is the
            evidence, and how does exercise compare with other treatments?

            ## What the trials show

            Exercise has been tested in many randomised trials. A Cochrane
            review found that it reduced symptoms of depression more than no
            treatment or control conditions, although the benefit looked
            smaller when only the most rigorous trials were considered
            [@cooney2013]. In the few trials that compared them directly,
            exercise seemed to work about as well as psychological therapy or
            antidepressants, but the reviewers judged that evidence to be
            limited [@cooney2013].

            A larger network meta-analysis pooled 218 trials involving more
            than 14,000 people with depression [@noetel2024]. Walking or
            jogging, yoga and strength training all produced moderate
            reductions in symptoms compared with active control conditions, and
            more vigorous exercise tended to have larger effects. The authors
            also noted that many of the trials had a high risk of bias, so the
            true size of the benefit remains uncertain.

            ## Why might exercise help?

            The exact mechanisms are not settled. Possible explanations
            include:

            - effects on brain chemistry and on how the body handles stress
            - better sleep
            - a sense of achievement and of regaining control
            - social contact, especially in group activities
            - a break from repetitive negative thinking

            ## How exercise fits with other treatment

            In England, national guidance lists group exercise among the
            treatments that may be offered for less severe depression,
            alongside talking therapies and, in some cases, medicine
            [@nice2022depression]. For moderate or severe depression, exercise
            is usually an addition to other treatment rather than a
            replacement for it. Antidepressants should not be stopped suddenly
            without talking to the prescriber, because stopping abruptly can
            cause unpleasant withdrawal effects.

            ## How much activity?

            International guidelines suggest that adults aim for 150 to 300
            minutes of moderate activity a week, or 75 to 150 minutes of
            vigorous activity, plus muscle-strengthening activities on two or
            more days [@bull2020]. For someone with depression, that target can
            feel out of reach. The same guidelines stress that some activity is
            better than none [@bull2020], and the trial evidence suggests that
            simple, low-cost options such as walking count
            [@noetel2024; @cooney2013].

            ## When to see a doctor

            It is a good idea to see a GP if low mood, loss of interest or
            poor sleep has lasted for more than two weeks, or if symptoms are
            making daily life difficult. People with heart or lung conditions,
            or other long-term health problems, may want to check with a
            clinician before starting vigorous exercise. Anyone having thoughts
            of suicide or self-harm needs urgent support: in the UK, contact
            NHS 111, call 999 in an emergency, or call Samaritans on 116 123.
            """).strip(),
        "references": [
            {
                "key": "cooney2013",
                "kind": "journal",
                "authors": (
                    "Cooney GM, Dwan K, Greig CA, Lawlor DA, Rimer J, Waugh FR"
                ),
                "title": "Exercise for depression",
                "container": "Cochrane Database Syst Rev",
                "year": 2013,
                "volume": "",
                "issue": "9",
                "pages": "CD004366",
                "doi": "10.1002/14651858.CD004366.pub6",
                "pmid": "24026850",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "systematic-review",
                "peer_reviewed": True,
            },
            {
                "key": "noetel2024",
                "kind": "journal",
                "authors": (
                    "Noetel M, Sanders T, Gallardo-Gómez D, Taylor P, "
                    "del Pozo Cruz B, van den Hoek D"
                ),
                "title": (
                    "Effect of exercise for depression: systematic review and "
                    "network meta-analysis of randomised controlled trials"
                ),
                "container": "BMJ",
                "year": 2024,
                "volume": "384",
                "issue": "",
                "pages": "e075847",
                "doi": "10.1136/bmj-2023-075847",
                "pmid": "38355154",
                "pmcid": "PMC10870815",
                "url": "",
                "accessed_on": "",
                "evidence_type": "systematic-review",
                "peer_reviewed": True,
            },
            {
                "key": "nice2022depression",
                "kind": "guideline",
                "authors": "",
                "title": "Depression in adults: treatment and management (NG222)",
                "container": "National Institute for Health and Care Excellence",
                "year": 2022,
                "volume": "",
                "issue": "",
                "pages": "",
                "doi": "",
                "pmid": "",
                "pmcid": "",
                "url": "https://www.nice.org.uk/guidance/ng222",
                "accessed_on": "2026-01-12",
                "evidence_type": "guideline",
                "peer_reviewed": False,
            },
            {
                "key": "bull2020",
                "kind": "journal",
                "authors": (
                    "Bull FC, Al-Ansari SS, Biddle S, Borodulin K, Buman MP, Cardon G"
                ),
                "title": (
                    "World Health Organization 2020 guidelines on physical "
                    "activity and sedentary behaviour"
                ),
                "container": "Br J Sports Med",
                "year": 2020,
                "volume": "54",
                "issue": "24",
                "pages": "1451-1462",
                "doi": "10.1136/bjsports-2020-102955",
                "pmid": "",
                "pmcid": "PMC7719906",
                "url": "",
                "accessed_on": "",
                "evidence_type": "guideline",
                "peer_reviewed": True,
            },
        ],
    },
    # ------------------------------------------------------------------ #
    # Sleep
    # ------------------------------------------------------------------ #
    {
        "title": "How much sleep do adults need?",
        "slug": "how-much-sleep-do-adults-need",
        "topic": "sleep",
        "authors": ["noor-halloway-pence"],
        "reviewer": "reviewer",
        "summary": (
            "Most adults need at least seven hours of sleep a night. Regularly "
            "getting less affects attention, mood and long-term health, often "
            "without people noticing how impaired they are."
        ),
        "change_note": "First publication.",
        "also_read": [
            "cognitive-behavioural-therapy-for-insomnia",
            "obstructive-sleep-apnoea-explained",
            "exercise-and-depression",
        ],
        "body": dedent("""
            ## The short answer

            For most adults, the target is at least seven hours of sleep a
            night on a regular basis. This figure comes from a consensus
            statement by two leading sleep organisations, which weighed the
            evidence linking sleep duration with health [@watson2015]. A
            separate expert panel convened by the US National Sleep Foundation
            reached a similar view: 7 to 9 hours for younger and middle-aged
            adults, and 7 to 8 hours for adults over 65 [@hirshkowitz2015].

            ## Why a range?

            Sleep need varies between people and across life. Genes, age,
            health and recent sleep loss all play a part. The recommendations
            describe what suits most healthy adults rather than a rule for
            everyone, and a few people genuinely function well on a little
            more or a little less [@hirshkowitz2015].

            ## What happens with too little sleep

            Cutting sleep short has measurable effects. In a laboratory study,
            healthy adults limited to six hours in bed a night for two weeks
            developed attention lapses and slower reactions that built up day
            by day, eventually reaching levels seen after up to two nights
            with no sleep at all [@vandongen2003]. Strikingly, the volunteers
            rated themselves as only slightly sleepy, which suggests that
            people are poor judges of their own impairment [@vandongen2003].

            Over the longer term, regularly sleeping less than seven hours is
            associated with weight gain, type 2 diabetes, high blood pressure,
            heart disease, depression and a higher risk of accidents
            [@watson2015].

            ## Can you sleep too much?

            Long sleep is also linked with poorer health. A meta-analysis of
            prospective studies covering more than 1.3 million people found
            higher death rates among both short and long sleepers than among
            people who slept a medium amount [@cappuccio2010]. Long sleep may
            be a sign of an underlying problem, such as depression or an
            undiagnosed illness, rather than a direct cause of harm, so
            regularly needing much more sleep than usual is a reason to look
            for a cause [@watson2015; @cappuccio2010].

            ## Habits that support sleep

            Common suggestions include:

            - keeping similar bed and wake times, including at weekends
            - getting daylight in the morning and dimming lights and screens in
              the evening
            - limiting caffeine after midday and avoiding alcohol close to
              bedtime
            - keeping the bedroom cool, dark and quiet
            - winding down with a relaxing routine before bed

            None of these is a cure for a sleep disorder, but together they
            make good sleep more likely for most people.

            ## When to see a doctor

            A GP appointment is worthwhile if poor sleep lasts for more than a
            few weeks, if daytime sleepiness affects work or driving, or if a
            bed partner notices loud snoring, pauses in breathing or gasping
            during sleep, which can be signs of obstructive sleep apnoea.
            Anyone who feels drowsy while driving should stop somewhere safe
            and rest before going on.
            """).strip(),
        "references": [
            {
                "key": "watson2015",
                "kind": "journal",
                "authors": (
                    "Watson NF, Badr MS, Belenky G, Bliwise DL, Buxton OM, Buysse D"
                ),
                "title": (
                    "Recommended amount of sleep for a healthy adult: a joint "
                    "consensus statement of the American Academy of Sleep "
                    "Medicine and Sleep Research Society"
                ),
                "container": "J Clin Sleep Med",
                "year": 2015,
                "volume": "11",
                "issue": "6",
                "pages": "591-592",
                "doi": "10.5664/jcsm.4758",
                "pmid": "25979105",
                "pmcid": "PMC4442216",
                "url": "",
                "accessed_on": "",
                "evidence_type": "guideline",
                "peer_reviewed": True,
            },
            {
                "key": "hirshkowitz2015",
                "kind": "journal",
                "authors": (
                    "Hirshkowitz M, Whiton K, Albert SM, Alessi C, Bruni O, DonCarlos L"
                ),
                "title": (
                    "National Sleep Foundation's sleep time duration "
                    "recommendations: methodology and results summary"
                ),
                "container": "Sleep Health",
                "year": 2015,
                "volume": "1",
                "issue": "1",
                "pages": "40-43",
                "doi": "10.1016/j.sleh.2014.12.010",
                "pmid": "29073412",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "guideline",
                "peer_reviewed": True,
            },
            {
                "key": "vandongen2003",
                "kind": "journal",
                "authors": "Van Dongen HPA, Maislin G, Mullington JM, Dinges DF",
                "title": (
                    "The cumulative cost of additional wakefulness: dose-response "
                    "effects on neurobehavioral functions and sleep physiology "
                    "from chronic sleep restriction and total sleep deprivation"
                ),
                "container": "Sleep",
                "year": 2003,
                "volume": "26",
                "issue": "2",
                "pages": "117-126",
                "doi": "10.1093/sleep/26.2.117",
                "pmid": "",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "rct",
                "peer_reviewed": True,
            },
            {
                "key": "cappuccio2010",
                "kind": "journal",
                "authors": "Cappuccio FP, D'Elia L, Strazzullo P, Miller MA",
                "title": (
                    "Sleep duration and all-cause mortality: a systematic review "
                    "and meta-analysis of prospective studies"
                ),
                "container": "Sleep",
                "year": 2010,
                "volume": "33",
                "issue": "5",
                "pages": "585-592",
                "doi": "10.1093/sleep/33.5.585",
                "pmid": "20469800",
                "pmcid": "PMC2864873",
                "url": "",
                "accessed_on": "",
                "evidence_type": "systematic-review",
                "peer_reviewed": True,
            },
        ],
    },
    {
        "title": "Cognitive behavioural therapy for insomnia (CBT-I)",
        "slug": "cognitive-behavioural-therapy-for-insomnia",
        "topic": "sleep",
        "authors": ["noor-halloway-pence", "imogen-fairweather-lark"],
        "reviewer": "reviewer",
        "summary": (
            "CBT-I is a short, structured programme that changes the habits and "
            "thoughts that keep insomnia going. Guidelines recommend it as the "
            "first treatment for chronic insomnia, ahead of sleeping tablets."
        ),
        "change_note": "First publication.",
        "also_read": [
            "how-much-sleep-do-adults-need",
            "obstructive-sleep-apnoea-explained",
            "generalised-anxiety-disorder-explained",
        ],
        "body": dedent("""
            ## What is insomnia?

            Insomnia means difficulty getting to sleep, staying asleep or
            waking too early despite having the chance to sleep, with effects
            on how a person feels or functions during the day. When this
            happens on at least three nights a week for three months or more,
            it is called chronic insomnia. It often starts during a stressful
            period and then carries on after the stress has passed, kept going
            by habits and worries that develop around sleep.

            ## What is CBT-I?

            Cognitive behavioural therapy for insomnia (CBT-I) is a structured
            programme, usually spread over four to eight sessions, that targets
            the habits and thoughts that keep insomnia going. It usually
            combines several parts:

            - **Sleep restriction:** matching time in bed more closely to the
              time actually spent asleep, then extending it gradually as sleep
              becomes more solid.
            - **Stimulus control:** using the bed mainly for sleep, and getting
              up when unable to sleep, so that bed becomes linked with sleeping
              rather than lying awake.
            - **Cognitive therapy:** examining worries and beliefs about sleep,
              such as the fear that one bad night will ruin the next day.
            - **Relaxation techniques** to calm physical and mental arousal.
            - **Sleep hygiene education** about caffeine, alcohol, light and
              routine.

            CBT-I can be delivered face to face, in groups, by telephone, or
            through books and digital programmes [@qaseem2016].

            ## How well does it work?

            A meta-analysis of 20 randomised trials including 1,162 adults
            found that CBT-I shortened the time taken to fall asleep by about
            19 minutes and cut time spent awake during the night by about 26
            minutes, with sleep efficiency improving by around 10 percentage
            points [@trauer2015]. The gains appeared to last after treatment
            ended, and no harms were reported [@trauer2015]. Total sleep time
            changed little at first; many people find that sleep becomes deeper
            and more predictable before it becomes longer.

            ## CBT-I or sleeping tablets?

            Major guidelines in the United States and Europe recommend CBT-I as
            the first treatment for chronic insomnia in adults
            [@qaseem2016; @riemann2017]. Sleeping tablets can help in the short
            term, but their benefits tend to fade, and they can cause side
            effects such as next-day drowsiness, falls and dependence. The
            European guideline suggests that medicines such as benzodiazepines
            and related drugs are used mainly for short periods, generally up
            to four weeks, when CBT-I has not worked well enough or is not
            available [@riemann2017].

            ## Is it hard work?

            CBT-I asks for effort. Sleep restriction in particular can make
            people more tired for the first week or two before sleep improves.
            For this reason, people who drive or operate machinery for work,
            and people with conditions such as bipolar disorder or epilepsy,
            need the programme adapted by a clinician.

            ## When to see a doctor

            It is worth talking to a GP if sleep problems last more than a few
            weeks, cause significant distress or daytime difficulties, or come
            with other symptoms such as low mood, loud snoring, pauses in
            breathing, restless legs or unusual behaviour during sleep. These
            can point to other conditions that need their own treatment.
            """).strip(),
        "references": [
            {
                "key": "trauer2015",
                "kind": "journal",
                "authors": (
                    "Trauer JM, Qian MY, Doyle JS, Rajaratnam SMW, Cunnington D"
                ),
                "title": (
                    "Cognitive behavioral therapy for chronic insomnia: "
                    "a systematic review and meta-analysis"
                ),
                "container": "Ann Intern Med",
                "year": 2015,
                "volume": "163",
                "issue": "3",
                "pages": "191-204",
                "doi": "10.7326/M14-2841",
                "pmid": "26054060",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "systematic-review",
                "peer_reviewed": True,
            },
            {
                "key": "qaseem2016",
                "kind": "journal",
                "authors": ("Qaseem A, Kansagara D, Forciea MA, Cooke M, Denberg TD"),
                "title": (
                    "Management of chronic insomnia disorder in adults: a "
                    "clinical practice guideline from the American College of "
                    "Physicians"
                ),
                "container": "Ann Intern Med",
                "year": 2016,
                "volume": "165",
                "issue": "2",
                "pages": "125-133",
                "doi": "10.7326/M15-2175",
                "pmid": "",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "guideline",
                "peer_reviewed": True,
            },
            {
                "key": "riemann2017",
                "kind": "journal",
                "authors": (
                    "Riemann D, Baglioni C, Bassetti C, Bjorvatn B, "
                    "Dolenc Groselj L, Ellis JG"
                ),
                "title": (
                    "European guideline for the diagnosis and treatment of insomnia"
                ),
                "container": "J Sleep Res",
                "year": 2017,
                "volume": "26",
                "issue": "6",
                "pages": "675-700",
                "doi": "10.1111/jsr.12594",
                "pmid": "28875581",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "guideline",
                "peer_reviewed": True,
            },
        ],
    },
    {
        "title": "Obstructive sleep apnoea: signs, risks and treatment",
        "slug": "obstructive-sleep-apnoea-explained",
        "topic": "sleep",
        "authors": ["noor-halloway-pence"],
        "reviewer": "reviewer",
        "summary": (
            "Obstructive sleep apnoea causes repeated pauses in breathing during "
            "sleep. It is common and often undiagnosed, and treatment such as "
            "CPAP reliably improves sleepiness and quality of life."
        ),
        "change_note": "First publication.",
        "also_read": [
            "how-much-sleep-do-adults-need",
            "cognitive-behavioural-therapy-for-insomnia",
            "understanding-high-blood-pressure",
        ],
        "body": dedent("""
            ## What is obstructive sleep apnoea?

            In obstructive sleep apnoea (OSA), the soft walls of the throat
            relax and narrow during sleep, partly or completely blocking the
            airway for short periods. Each pause in breathing lowers the oxygen
            level in the blood until the brain briefly rouses the sleeper to
            reopen the airway. This can happen dozens of times an hour without
            the person remembering it, leaving sleep broken and unrefreshing.

            ## How common is it?

            OSA is far more common than was once thought. A landmark study that
            measured breathing overnight in a random sample of working adults
            aged 30 to 60 found that about 1 in 4 men and 1 in 11 women had at
            least mild sleep-disordered breathing [@young1993]. A more recent
            global analysis estimated that close to a billion adults aged 30 to
            69 may be affected worldwide [@benjafield2019]. Most of these
            people have never been diagnosed [@young1993; @benjafield2019].

            ## Signs and symptoms

            Common signs include:

            - loud, regular snoring
            - pauses in breathing, choking or gasping noticed by a bed partner
            - waking unrefreshed, or with a headache or a dry mouth
            - feeling very sleepy during the day
            - poor concentration, irritability or low mood
            - needing to pass urine during the night

            Being male and carrying excess weight are strong risk factors
            [@young1993]. The risk also rises with age, and alcohol or sedative
            medicines can make the airway more likely to collapse.

            ## How it is diagnosed

            Clinicians often start with questionnaires. The Epworth Sleepiness
            Scale asks how likely a person is to doze in eight everyday
            situations, giving a score from 0 to 24 [@johns1991]. The diagnosis
            is confirmed with a sleep study, often done at home, that records
            breathing and oxygen levels overnight [@nice2021osa].

            ## Treatment

            The choice of treatment depends on how severe the condition is and
            how much it affects daily life [@nice2021osa]. Options include:

            - losing weight where relevant, and cutting down on alcohol
            - continuous positive airway pressure (CPAP), in which a quiet
              machine blows air through a mask to hold the airway open
            - a mandibular advancement device, a custom-made mouthguard that
              holds the lower jaw forward, often used for milder disease
            - treating a blocked nose or, occasionally, surgery

            ## What CPAP can and cannot do

            CPAP is very effective at keeping the airway open, and it reliably
            improves snoring, daytime sleepiness, mood and quality of life. Its
            effect on heart attacks and strokes is less clear. In a large trial
            of people with established heart or circulatory disease and
            moderate to severe OSA, adding CPAP to usual care did not reduce
            cardiovascular events over about four years, although average use
            was only around three hours a night [@mcevoy2016]. The same trial
            confirmed worthwhile gains in sleepiness, mood and wellbeing
            [@mcevoy2016].

            ## Driving

            Sleepiness raises the risk of road accidents. In the UK, drivers
            whose OSA causes excessive daytime sleepiness are required to tell
            the DVLA, and most can keep driving once treatment has brought the
            sleepiness under control.

            ## When to see a doctor

            It is worth seeing a GP if loud snoring comes with pauses in
            breathing, gasping or daytime sleepiness, especially when
            sleepiness affects driving or work. Anyone who has nodded off at
            the wheel should not drive until they have been assessed.
            """).strip(),
        "references": [
            {
                "key": "young1993",
                "kind": "journal",
                "authors": ("Young T, Palta M, Dempsey J, Skatrud J, Weber S, Badr S"),
                "title": (
                    "The occurrence of sleep-disordered breathing among "
                    "middle-aged adults"
                ),
                "container": "N Engl J Med",
                "year": 1993,
                "volume": "328",
                "issue": "17",
                "pages": "1230-1235",
                "doi": "10.1056/NEJM199304293281704",
                "pmid": "8464434",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "cohort",
                "peer_reviewed": True,
            },
            {
                "key": "benjafield2019",
                "kind": "journal",
                "authors": (
                    "Benjafield AV, Ayas NT, Eastwood PR, Heinzer R, Ip MSM, Morrell MJ"
                ),
                "title": (
                    "Estimation of the global prevalence and burden of "
                    "obstructive sleep apnoea: a literature-based analysis"
                ),
                "container": "Lancet Respir Med",
                "year": 2019,
                "volume": "7",
                "issue": "8",
                "pages": "687-698",
                "doi": "10.1016/S2213-2600(19)30198-5",
                "pmid": "31300334",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "other",
                "peer_reviewed": True,
            },
            {
                "key": "johns1991",
                "kind": "journal",
                "authors": "Johns MW",
                "title": (
                    "A new method for measuring daytime sleepiness: the Epworth "
                    "sleepiness scale"
                ),
                "container": "Sleep",
                "year": 1991,
                "volume": "14",
                "issue": "6",
                "pages": "540-545",
                "doi": "10.1093/sleep/14.6.540",
                "pmid": "",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "other",
                "peer_reviewed": True,
            },
            {
                "key": "nice2021osa",
                "kind": "guideline",
                "authors": "",
                "title": (
                    "Obstructive sleep apnoea/hypopnoea syndrome and obesity "
                    "hypoventilation syndrome in over 16s (NG202)"
                ),
                "container": "National Institute for Health and Care Excellence",
                "year": 2021,
                "volume": "",
                "issue": "",
                "pages": "",
                "doi": "",
                "pmid": "",
                "pmcid": "",
                "url": "https://www.nice.org.uk/guidance/ng202",
                "accessed_on": "2026-01-12",
                "evidence_type": "guideline",
                "peer_reviewed": False,
            },
            {
                "key": "mcevoy2016",
                "kind": "journal",
                "authors": ("McEvoy RD, Antic NA, Heeley E, Luo Y, Ou Q, Zhang X"),
                "title": (
                    "CPAP for prevention of cardiovascular events in obstructive "
                    "sleep apnea"
                ),
                "container": "N Engl J Med",
                "year": 2016,
                "volume": "375",
                "issue": "10",
                "pages": "919-931",
                "doi": "10.1056/NEJMoa1606599",
                "pmid": "27571048",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "rct",
                "peer_reviewed": True,
            },
        ],
    },
    # ------------------------------------------------------------------ #
    # Heart health
    # ------------------------------------------------------------------ #
    {
        "title": "Understanding high blood pressure",
        "slug": "understanding-high-blood-pressure",
        "topic": "heart-health",
        "authors": ["tobias-brightwater"],
        "reviewer": "reviewer2",
        "summary": (
            "High blood pressure rarely causes symptoms but raises the risk of "
            "stroke and heart disease. Lowering it, through lifestyle changes "
            "and medicines when needed, substantially reduces that risk."
        ),
        "change_note": "First publication.",
        "also_read": [
            "statins-benefits-and-side-effects",
            "mediterranean-diet-and-heart-health",
            "obstructive-sleep-apnoea-explained",
        ],
        "body": dedent("""
            ## What the numbers mean

            Blood pressure is recorded as two numbers in millimetres of mercury
            (mmHg). The first, systolic pressure, is the peak pressure as the
            heart pumps; the second, diastolic pressure, is the pressure as the
            heart relaxes between beats. A reading of 120/80 mmHg therefore
            means a systolic pressure of 120 and a diastolic pressure of 80.

            In England, high blood pressure (hypertension) is usually diagnosed
            when clinic readings are 140/90 mmHg or higher and readings taken
            at home or with a 24-hour monitor average 135/85 mmHg or higher
            [@nice2019hypertension]. Checking outside the clinic helps to rule
            out "white coat" readings, which are raised only in the surgery.

            ## Why it matters

            High blood pressure rarely causes symptoms, which is why it is
            often called a silent condition. Yet over many years it strains the
            arteries, heart, brain and kidneys. An analysis of data from about
            one million adults found that the risk of dying from stroke and
            heart disease rose steadily with blood pressure, starting from
            levels as low as 115/75 mmHg. In middle age, each 20 mmHg higher
            systolic pressure was linked with at least twice the risk of death
            from stroke or heart disease [@lewington2002].

            ## Lowering blood pressure reduces risk

            The encouraging news is that treatment works. Pooling 123 studies
            with more than 600,000 participants, researchers found that every
            10 mmHg fall in systolic pressure cut major cardiovascular events
            by about a fifth, and strokes and heart failure by roughly a
            quarter [@ettehad2016].

            How low to aim is a question of balance. In the SPRINT trial,
            people at high cardiovascular risk, but without diabetes, whose
            treatment aimed for a systolic pressure below 120 mmHg had fewer
            cardiovascular events and deaths than those aiming for below 140
            mmHg. They also had more episodes of low blood pressure, fainting,
            kidney problems and salt imbalances [@sprint2015]. Targets are
            therefore set individually, taking age, frailty and other
            conditions into account [@nice2019hypertension; @sprint2015].

            ## Lifestyle changes

            Changes to daily habits can lower blood pressure, sometimes enough
            to avoid or reduce the need for medicines:

            - eating more fruit, vegetables and low-fat dairy foods, and less
              saturated fat
            - cutting down on salt
            - keeping to a healthy weight
            - being physically active on most days
            - limiting alcohol and stopping smoking

            Diet alone can make a real difference. In the DASH trial, an eating
            pattern rich in fruit, vegetables and low-fat dairy foods lowered
            blood pressure by 5.5/3.0 mmHg overall within eight weeks, and by
            11.4/5.5 mmHg in people who already had hypertension [@appel1997].

            ## Medicines

            When lifestyle changes are not enough, or overall risk is high,
            medicines are offered. Common choices include ACE inhibitors,
            angiotensin receptor blockers, calcium channel blockers and
            thiazide-like diuretics, and many people need more than one
            [@nice2019hypertension].

            ## When to see a doctor

            In England, adults aged 40 to 74 are invited for an NHS Health
            Check, which includes a blood pressure reading, every five years.
            It is worth asking for a check sooner if earlier readings were
            borderline or if there is a family history of heart disease. A
            reading of 180/120 mmHg or higher, especially with chest pain,
            breathlessness, severe headache, confusion or changes in vision,
            needs urgent medical assessment.
            """).strip(),
        "references": [
            {
                "key": "nice2019hypertension",
                "kind": "guideline",
                "authors": "",
                "title": "Hypertension in adults: diagnosis and management (NG136)",
                "container": "National Institute for Health and Care Excellence",
                "year": 2019,
                "volume": "",
                "issue": "",
                "pages": "",
                "doi": "",
                "pmid": "",
                "pmcid": "",
                "url": "https://www.nice.org.uk/guidance/ng136",
                "accessed_on": "2026-01-12",
                "evidence_type": "guideline",
                "peer_reviewed": False,
            },
            {
                "key": "lewington2002",
                "kind": "journal",
                "authors": "Lewington S, Clarke R, Qizilbash N, Peto R, Collins R",
                "title": (
                    "Age-specific relevance of usual blood pressure to vascular "
                    "mortality: a meta-analysis of individual data for one "
                    "million adults in 61 prospective studies"
                ),
                "container": "Lancet",
                "year": 2002,
                "volume": "360",
                "issue": "9349",
                "pages": "1903-1913",
                "doi": "10.1016/S0140-6736(02)11911-8",
                "pmid": "12493255",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "systematic-review",
                "peer_reviewed": True,
            },
            {
                "key": "ettehad2016",
                "kind": "journal",
                "authors": (
                    "Ettehad D, Emdin CA, Kiran A, Anderson SG, Callender T, Emberson J"
                ),
                "title": (
                    "Blood pressure lowering for prevention of cardiovascular "
                    "disease and death: a systematic review and meta-analysis"
                ),
                "container": "Lancet",
                "year": 2016,
                "volume": "387",
                "issue": "",
                "pages": "957-967",
                "doi": "10.1016/S0140-6736(15)01225-8",
                "pmid": "26724178",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "systematic-review",
                "peer_reviewed": True,
            },
            {
                "key": "sprint2015",
                "kind": "journal",
                "authors": (
                    "Wright JT Jr, Williamson JD, Whelton PK, Snyder JK, Sink KM, "
                    "Rocco MV"
                ),
                "title": (
                    "A randomized trial of intensive versus standard "
                    "blood-pressure control"
                ),
                "container": "N Engl J Med",
                "year": 2015,
                "volume": "373",
                "issue": "22",
                "pages": "2103-2116",
                "doi": "10.1056/NEJMoa1511939",
                "pmid": "26551272",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "rct",
                "peer_reviewed": True,
            },
            {
                "key": "appel1997",
                "kind": "journal",
                "authors": (
                    "Appel LJ, Moore TJ, Obarzanek E, Vollmer WM, Svetkey LP, Sacks FM"
                ),
                "title": (
                    "A clinical trial of the effects of dietary patterns on "
                    "blood pressure"
                ),
                "container": "N Engl J Med",
                "year": 1997,
                "volume": "336",
                "issue": "16",
                "pages": "1117-1124",
                "doi": "10.1056/NEJM199704173361601",
                "pmid": "9099655",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "rct",
                "peer_reviewed": True,
            },
        ],
    },
    {
        "title": "Statins: weighing the benefits and side effects",
        "slug": "statins-benefits-and-side-effects",
        "topic": "heart-health",
        "authors": ["tobias-brightwater", "noor-halloway-pence"],
        "reviewer": "reviewer2",
        "summary": (
            "Statins lower LDL cholesterol and reduce heart attacks and strokes. "
            "Blinded trials show that most muscle aches reported by people "
            "taking statins are not caused by the drug."
        ),
        "change_note": "First publication.",
        "also_read": [
            "understanding-high-blood-pressure",
            "mediterranean-diet-and-heart-health",
        ],
        "body": dedent("""
            ## What statins do

            Statins are medicines that lower LDL cholesterol, often called
            "bad" cholesterol, mainly by reducing how much cholesterol the
            liver makes. Less LDL cholesterol in the blood means less fatty
            build-up in artery walls and a lower chance of the blockages that
            cause heart attacks and strokes.

            ## The evidence for benefit

            The first trial to show that a statin saves lives enrolled 4,444
            people with coronary heart disease. Over about five years, 8% of
            those given simvastatin died, compared with 12% of those given a
            placebo, a relative reduction of about 30% [@sssg1994].

            Since then, dozens of large trials have been combined. An analysis
            of individual data from around 170,000 participants in 26 trials
            found that each 1 mmol/L reduction in LDL cholesterol cut major
            vascular events, such as heart attacks, strokes and procedures to
            unblock arteries, by about a fifth, and lowered deaths from any
            cause by about a tenth [@ctt2010]. Lowering cholesterol further
            brought further benefit, with no sign of a level below which the
            benefit stopped, and there was no increase in cancer [@ctt2010].

            ## Who is offered a statin?

            How much a person gains depends on their starting risk. Someone who
            has already had a heart attack or stroke stands to gain more than
            someone at low risk [@collins2016]. In England, clinicians estimate
            the 10-year risk of heart attack or stroke with a tool called
            QRISK3. Statins are discussed when that risk is 10% or higher, and
            are offered to most people with established cardiovascular disease
            or chronic kidney disease [@nice2023cvd]. The decision is shared:
            lifestyle changes come first or alongside, and personal preferences
            matter.

            ## Side effects: what is real?

            Muscle aches are the side effect people worry about most. Because
            aches and pains are common in everyone, blinded trials are needed
            to separate the effect of the drug from background symptoms. A
            2022 analysis of 19 double-blind trials found that 27.1% of people
            taking a statin and 26.6% of people taking a placebo reported
            muscle pain or weakness [@ctt2022]. Statins caused a small excess
            of mostly mild symptoms, largely in the first year, and the
            researchers estimated that more than 90% of the muscle symptoms
            reported by people taking statins were not caused by the drug
            [@ctt2022].

            Genuine but uncommon effects include:

            - serious muscle damage (myopathy), which is rare
            - a small increase in the chance of developing type 2 diabetes,
              mainly in people already close to the threshold
            - possibly a slight rise in the risk of bleeding strokes
            - changes in liver blood tests, which are usually mild

            Reviews of the trial evidence conclude that, for most people at
            increased risk, these harms are much smaller than the benefits
            [@collins2016; @ctt2010].

            ## When to see a doctor

            Anyone taking a statin who develops unexplained muscle pain,
            tenderness or weakness, particularly with a fever, feeling unwell
            or dark urine, should contact a doctor promptly, as this can
            rarely signal serious muscle damage. People troubled by side
            effects can ask about lowering the dose, switching to a different
            statin or other options, rather than simply stopping treatment.
            """).strip(),
        "references": [
            {
                "key": "sssg1994",
                "kind": "journal",
                "authors": "Scandinavian Simvastatin Survival Study Group",
                "title": (
                    "Randomised trial of cholesterol lowering in 4444 patients "
                    "with coronary heart disease: the Scandinavian Simvastatin "
                    "Survival Study (4S)"
                ),
                "container": "Lancet",
                "year": 1994,
                "volume": "344",
                "issue": "8934",
                "pages": "1383-1389",
                "doi": "10.1016/S0140-6736(94)90566-5",
                "pmid": "7968073",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "rct",
                "peer_reviewed": True,
            },
            {
                "key": "ctt2010",
                "kind": "journal",
                "authors": (
                    "Baigent C, Blackwell L, Emberson J, Holland LE, Reith C, Bhala N"
                ),
                "title": (
                    "Efficacy and safety of more intensive lowering of LDL "
                    "cholesterol: a meta-analysis of data from 170,000 "
                    "participants in 26 randomised trials"
                ),
                "container": "Lancet",
                "year": 2010,
                "volume": "376",
                "issue": "9753",
                "pages": "1670-1681",
                "doi": "10.1016/S0140-6736(10)61350-5",
                "pmid": "21067804",
                "pmcid": "PMC2988224",
                "url": "",
                "accessed_on": "",
                "evidence_type": "systematic-review",
                "peer_reviewed": True,
            },
            {
                "key": "collins2016",
                "kind": "journal",
                "authors": (
                    "Collins R, Reith C, Emberson J, Armitage J, Baigent C, Blackwell L"
                ),
                "title": (
                    "Interpretation of the evidence for the efficacy and safety "
                    "of statin therapy"
                ),
                "container": "Lancet",
                "year": 2016,
                "volume": "388",
                "issue": "10059",
                "pages": "2532-2561",
                "doi": "10.1016/S0140-6736(16)31357-5",
                "pmid": "27616593",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "review",
                "peer_reviewed": True,
            },
            {
                "key": "nice2023cvd",
                "kind": "guideline",
                "authors": "",
                "title": (
                    "Cardiovascular disease: risk assessment and reduction, "
                    "including lipid modification (NG238)"
                ),
                "container": "National Institute for Health and Care Excellence",
                "year": 2023,
                "volume": "",
                "issue": "",
                "pages": "",
                "doi": "",
                "pmid": "",
                "pmcid": "",
                "url": "https://www.nice.org.uk/guidance/ng238",
                "accessed_on": "2026-01-12",
                "evidence_type": "guideline",
                "peer_reviewed": False,
            },
            {
                "key": "ctt2022",
                "kind": "journal",
                "authors": "Cholesterol Treatment Trialists' Collaboration",
                "title": (
                    "Effect of statin therapy on muscle symptoms: an individual "
                    "participant data meta-analysis of large-scale, randomised, "
                    "double-blind trials"
                ),
                "container": "Lancet",
                "year": 2022,
                "volume": "400",
                "issue": "",
                "pages": "832-845",
                "doi": "10.1016/S0140-6736(22)01545-8",
                "pmid": "36049498",
                "pmcid": "PMC7613583",
                "url": "",
                "accessed_on": "",
                "evidence_type": "systematic-review",
                "peer_reviewed": True,
            },
        ],
    },
    {
        "title": "The Mediterranean diet and heart health",
        "slug": "mediterranean-diet-and-heart-health",
        "topic": "heart-health",
        "authors": ["tobias-brightwater"],
        "reviewer": "reviewer2",
        "summary": (
            "A Mediterranean-style diet, rich in vegetables, beans, whole grains, "
            "olive oil, nuts and fish, is linked with fewer heart attacks and "
            "strokes in both observational studies and randomised trials."
        ),
        "change_note": "First publication.",
        "also_read": [
            "statins-benefits-and-side-effects",
            "understanding-high-blood-pressure",
        ],
        "body": dedent("""
            ## What is a Mediterranean-style diet?

            The term describes the traditional eating patterns of countries
            such as Greece, southern Italy and Spain. There is no single menu,
            but the core features are:

            - plenty of vegetables, fruit, beans, lentils and whole grains
            - olive oil as the main fat
            - nuts and seeds most days
            - fish and seafood regularly
            - moderate amounts of cheese, yoghurt, eggs and poultry
            - little red or processed meat, and few sweets

            ## What observational studies show

            Interest grew from the observation that heart disease was less
            common in Mediterranean countries. In a Greek study of more than
            22,000 adults, those whose diets most closely followed the
            traditional pattern were less likely to die during the study: each
            two-point rise on a diet score was linked with a 25% lower death
            rate, and with fewer deaths from coronary heart disease
            [@trichopoulou2003]. Studies like this cannot prove cause and
            effect, because people who eat this way may differ in other ways
            too.

            ## What trials show

            Randomised trials give firmer evidence. In the Lyon Diet Heart
            Study, 605 people who had survived a first heart attack were
            assigned to a Mediterranean-type diet or to a standard "prudent"
            diet. Over about four years, the Mediterranean group had far fewer
            cardiac deaths and repeat heart attacks: 14 events compared with
            44 [@delorgeril1999].

            The PREDIMED trial tested the diet in 7,447 Spanish adults at high
            cardiovascular risk who had not yet had a heart attack or stroke.
            Those advised to follow a Mediterranean diet with extra olive oil
            or nuts had about 30% fewer heart attacks, strokes and
            cardiovascular deaths than those advised to follow a low-fat diet
            [@estruch2018]. The original 2013 report was withdrawn and
            republished in 2018 after problems were found with how some
            participants had been randomised; the re-analysis reached similar
            conclusions [@estruch2018].

            ## Weighing the evidence

            A Cochrane review of 30 trials concluded that a Mediterranean-style
            diet probably reduces strokes in people without heart disease, with
            less certain evidence of fewer deaths in people who already have
            it, and called for more high-quality research [@rees2019]. Taken
            together, the findings are encouraging without being definitive
            [@rees2019; @delorgeril1999].

            The pattern also fits national advice on eating for heart health
            in England, which recommends replacing saturated fats with
            unsaturated fats such as olive oil, and eating more fruit,
            vegetables, whole grains, nuts, pulses and fish [@nice2023cvd].

            ## Making changes

            Small swaps add up: cooking with olive oil instead of butter,
            adding beans or lentils to soups and stews, snacking on unsalted
            nuts, and building meals around vegetables. Diet works best
            alongside other habits such as regular activity and not smoking,
            and it does not replace medicines such as statins or blood pressure
            tablets where these are needed.

            ## When to see a doctor

            It is worth speaking to a GP or dietitian before making major
            changes to diet for people with kidney disease, diabetes treated
            with insulin or other glucose-lowering medicines, a history of an
            eating disorder, or who take warfarin, because diet can interact
            with these conditions and treatments. Chest pain, sudden
            breathlessness, or signs of stroke such as a drooping face, arm
            weakness or slurred speech need emergency help.
            """).strip(),
        "references": [
            {
                "key": "trichopoulou2003",
                "kind": "journal",
                "authors": "Trichopoulou A, Costacou T, Bamia C, Trichopoulos D",
                "title": (
                    "Adherence to a Mediterranean diet and survival in a Greek "
                    "population"
                ),
                "container": "N Engl J Med",
                "year": 2003,
                "volume": "348",
                "issue": "26",
                "pages": "2599-2608",
                "doi": "10.1056/NEJMoa025039",
                "pmid": "12826634",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "cohort",
                "peer_reviewed": True,
            },
            {
                "key": "delorgeril1999",
                "kind": "journal",
                "authors": (
                    "de Lorgeril M, Salen P, Martin JL, Monjaud I, Delaye J, Mamelle N"
                ),
                "title": (
                    "Mediterranean diet, traditional risk factors, and the rate "
                    "of cardiovascular complications after myocardial "
                    "infarction: final report of the Lyon Diet Heart Study"
                ),
                "container": "Circulation",
                "year": 1999,
                "volume": "99",
                "issue": "6",
                "pages": "779-785",
                "doi": "10.1161/01.cir.99.6.779",
                "pmid": "",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "rct",
                "peer_reviewed": True,
            },
            {
                "key": "estruch2018",
                "kind": "journal",
                "authors": (
                    "Estruch R, Ros E, Salas-Salvadó J, Covas MI, Corella D, Arós F"
                ),
                "title": (
                    "Primary prevention of cardiovascular disease with a "
                    "Mediterranean diet supplemented with extra-virgin olive "
                    "oil or nuts"
                ),
                "container": "N Engl J Med",
                "year": 2018,
                "volume": "378",
                "issue": "25",
                "pages": "e34",
                "doi": "10.1056/NEJMoa1800389",
                "pmid": "29897866",
                "pmcid": "",
                "url": "",
                "accessed_on": "",
                "evidence_type": "rct",
                "peer_reviewed": True,
            },
            {
                "key": "rees2019",
                "kind": "journal",
                "authors": (
                    "Rees K, Takeda A, Martin N, Ellis L, Wijesekara D, Vepa A"
                ),
                "title": (
                    "Mediterranean-style diet for the primary and secondary "
                    "prevention of cardiovascular disease"
                ),
                "container": "Cochrane Database Syst Rev",
                "year": 2019,
                "volume": "",
                "issue": "3",
                "pages": "CD009825",
                "doi": "10.1002/14651858.CD009825.pub3",
                "pmid": "",
                "pmcid": "PMC6414510",
                "url": "",
                "accessed_on": "",
                "evidence_type": "systematic-review",
                "peer_reviewed": True,
            },
            {
                "key": "nice2023cvd",
                "kind": "guideline",
                "authors": "",
                "title": (
                    "Cardiovascular disease: risk assessment and reduction, "
                    "including lipid modification (NG238)"
                ),
                "container": "National Institute for Health and Care Excellence",
                "year": 2023,
                "volume": "",
                "issue": "",
                "pages": "",
                "doi": "",
                "pmid": "",
                "pmcid": "",
                "url": "https://www.nice.org.uk/guidance/ng238",
                "accessed_on": "2026-01-12",
                "evidence_type": "guideline",
                "peer_reviewed": False,
            },
        ],
    },
]


_CITATION_GROUP = re.compile(r"\[([^\[\]]*@[^\[\]]*)\]")
_REFERENCE_FIELDS = {
    "key", "kind", "authors", "title", "container", "year", "volume", "issue",
    "pages", "doi", "pmid", "pmcid", "url", "accessed_on", "evidence_type",
    "peer_reviewed",
}  # fmt: skip
_KINDS = {"journal", "book", "guideline", "web"}
_EVIDENCE = {"systematic-review", "rct", "cohort", "guideline", "review", "other"}


def _cited_keys(body):
    """Return every cited key in order, one entry per citation."""
    keys = []
    for group in _CITATION_GROUP.findall(body):
        keys.extend(re.findall(r"@([\w:.-]+)", group))
    return keys


def _word_count(body):
    prose = _CITATION_GROUP.sub("", body)
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'.,/-]*", prose))


def check():
    """Raise ValueError listing every problem found in the demo data."""
    problems = []

    for name, items in [
        ("topic", TOPICS),
        ("author", AUTHORS),
        ("reviewer", REVIEWERS),
        ("article", ARTICLES),
    ]:
        slugs = [item["slug"] for item in items]
        for slug in sorted({s for s in slugs if slugs.count(s) > 1}):
            problems.append(f"duplicate {name} slug: {slug}")

    topics = {t["slug"] for t in TOPICS}
    authors = {a["slug"] for a in AUTHORS}
    usernames = {r["username"] for r in REVIEWERS}
    articles = {a["slug"] for a in ARTICLES}

    for article in ARTICLES:
        slug = article["slug"]
        body = article["body"]
        cited = _cited_keys(body)
        listed = [ref["key"] for ref in article["references"]]

        if len(set(listed)) != len(listed):
            problems.append(f"{slug}: duplicate reference keys")
        missing = sorted(set(cited) - set(listed))
        unused = sorted(set(listed) - set(cited))
        if missing:
            problems.append(f"{slug}: cited but not listed {missing}")
        if unused:
            problems.append(f"{slug}: listed but not cited {unused}")
        if not 3 <= len(listed) <= 8:
            problems.append(f"{slug}: {len(listed)} references, want 3 to 8")
        if not any(cited.count(key) > 1 for key in set(cited)):
            problems.append(f"{slug}: no citation is repeated")
        if not any(";" in g for g in _CITATION_GROUP.findall(body)):
            problems.append(f"{slug}: no multi-citation")
        if "## When to see a doctor" not in body:
            problems.append(f"{slug}: no 'When to see a doctor' section")
        if not re.search(r"^- ", body, re.MULTILINE):
            problems.append(f"{slug}: no bulleted list")
        words = _word_count(body)
        if not 400 <= words <= 800:
            problems.append(f"{slug}: body has {words} words, want 400 to 800")
        if len(article["summary"]) > 300:
            problems.append(f"{slug}: summary longer than 300 characters")
        if article["topic"] not in topics:
            problems.append(f"{slug}: unknown topic {article['topic']}")
        if not set(article["authors"]) <= authors:
            problems.append(f"{slug}: unknown author in {article['authors']}")
        if article["reviewer"] not in usernames:
            problems.append(f"{slug}: unknown reviewer {article['reviewer']}")
        if slug in article["also_read"] or not set(article["also_read"]) <= articles:
            problems.append(f"{slug}: bad also_read {article['also_read']}")

        for ref in article["references"]:
            where = f"{slug}/{ref.get('key')}"
            if set(ref) != _REFERENCE_FIELDS:
                problems.append(
                    f"{where}: fields {sorted(set(ref) ^ _REFERENCE_FIELDS)}"
                )
                continue
            if ref["kind"] not in _KINDS:
                problems.append(f"{where}: bad kind {ref['kind']}")
            if ref["evidence_type"] not in _EVIDENCE:
                problems.append(f"{where}: bad evidence_type {ref['evidence_type']}")
            if not re.fullmatch(r"[a-z0-9]+", ref["key"]):
                problems.append(f"{where}: key should be lowercase letters and digits")
            if ref["pmid"] and not ref["pmid"].isdigit():
                problems.append(f"{where}: PMID should be digits")
            if ref["pmcid"] and not re.fullmatch(r"PMC\d+", ref["pmcid"]):
                problems.append(f"{where}: PMCID should look like PMC1234567")
            if ref["doi"] and not re.fullmatch(r"10\.\d{4,9}/\S+", ref["doi"]):
                problems.append(f"{where}: malformed DOI")
            if ref["accessed_on"] and not re.fullmatch(
                r"\d{4}-\d{2}-\d{2}", ref["accessed_on"]
            ):
                problems.append(f"{where}: accessed_on should be YYYY-MM-DD")
            if ref["kind"] in {"guideline", "web"} and ref["url"]:
                if not ref["accessed_on"]:
                    problems.append(f"{where}: web address without accessed_on")

    if problems:
        raise ValueError("Demo data problems:\n" + "\n".join(problems))
