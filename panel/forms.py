"""Forms of the panel's question log."""

from django import forms

from .models import Question


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text"]
        labels = {"text": "Your question"}
        help_texts = {
            "text": "Up to 2,000 characters. The question and the Commissioner's answer are "
            "published together once answered."
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 6, "class": "govuk-textarea"})}


class AnswerForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 8, "class": "govuk-textarea"})}

    def clean_answer(self):
        answer = self.cleaned_data["answer"].strip()
        if not answer:
            raise forms.ValidationError("Enter the Commissioner's answer.")
        return answer
