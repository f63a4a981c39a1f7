/// Namespace of the Yandex VOT client.
public enum YandexVOT {}
